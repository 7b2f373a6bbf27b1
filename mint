#!/usr/bin/env bash
# The mint command: builds mint4j on first use (Maven, offline natives from Maven Central), then runs it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/mint-cli/target/mint-cli-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$jar" || -n "$(find "$here" -path '*/src/*' -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  echo "building mint4j (mvn -q -B install -DskipTests) ..." >&2
  log="$(mktemp)"
  if ! (cd "$here" && mvn -q -B install -DskipTests >"$log" 2>&1); then
    cat "$log" >&2; rm -f "$log"; exit 1
  fi
  rm -f "$log"
  # Maven leaves the jar untouched when only another module changed; mark the build as done.
  touch "$jar"
fi
exec java ${MINT_JAVA_OPTS:--Xmx8g} --add-modules jdk.incubator.vector -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda=error \
  -cp "$jar:$here/mint-cli/target/lib/*" org.mint4j.cli.Mint "$@" \
  2> >(grep --line-buffered -v -e '^WARNING: Using incubator modules' -e 'LegacyTypeDispatch.h' >&2)
