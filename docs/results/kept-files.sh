# Sourced by the run-all.sh scripts under docs/results/: a long study's finished stages kept as
# small files (JSON, logs, bench.txt, results.md; no weights, scores, baselines or samples) in a
# directory that is committed, and put back into the run directory first on another machine, so
# that the study goes on from the points already done.

# keep_files RUNS KEEP FIND_TEST...: for every file under RUNS that the find test matches (the mark
# of a finished stage), copies its directory's small files, and those one level down, into KEEP.
keep_files() {
  local runs=$1 keep=$2
  shift 2
  mkdir -p "$keep"
  (cd "$runs" && find . -path '*/scores' -prune -o -type f \( "$@" \) -print | while read -r done; do
    find "$(dirname "$done")" -maxdepth 2 -type f \( -name '*.json' -o -name '*.jsonl' -o -name 'bench.txt' \
      -o -name 'results.md' \) ! -name 'baseline.json' ! -name 'sample.json' ! -path '*/scores/*' -print
  done | xargs -r cp --parents -t "$keep")
}

# restore_files KEEP RUNS FIND_TEST...: copies the kept files that the find test matches back into
# RUNS: only marks of stages nothing later reads the weights of.
restore_files() {
  local keep=$1 runs=$2
  shift 2
  mkdir -p "$runs"
  [ -d "$keep" ] && (cd "$keep" && find . -type f \( "$@" \) -print | xargs -r cp --parents -t "$runs")
}
