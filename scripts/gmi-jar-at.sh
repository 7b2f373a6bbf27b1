#!/usr/bin/env bash
# Builds the mint-gmi jar of a commit (default: the one before HEAD) in a scratch worktree and prints
# its path, for `./mint benchmark estimator --against JAR` (docs/benchmarks.md).
set -euo pipefail
commit="${1:-HEAD~1}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sha="$(git -C "$here" rev-parse --short "$commit")"
out="$here/target/gmi-at/mint-gmi-$sha.jar"
if [[ ! -f "$out" ]]; then
  tree="$(mktemp -d)"
  trap 'git -C "$here" worktree remove --force "$tree" >/dev/null 2>&1 || true' EXIT
  git -C "$here" worktree add --detach "$tree" "$sha" >/dev/null 2>&1
  (cd "$tree" && mvn -o -q -B -pl mint-gmi package -DskipTests >&2)
  mkdir -p "$(dirname "$out")"
  cp "$tree"/mint-gmi/target/mint-gmi-*.jar "$out"
fi
echo "$out"
