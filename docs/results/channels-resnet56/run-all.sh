#!/usr/bin/env bash
# Every point of docs/results/channels-resnet56.md (issue 22), resumable across machines: 3 seeds of
# mint4j's five channel criteria, Torch-Pruning's l1 and taylor channels imported and fine-tuned by
# mint4j with the same schedule, and `mint bench` on seed 1's points. About 11 hours on 2 cores.
#
#   DATA=../shared/data TP=path/to/Torch-Pruning-v1.6.1 RUNS=runs docs/results/channels-resnet56/run-all.sh
#
# The small files of every finished point (point.json, logs, bench.txt; no weights) are copied every
# 5 minutes to KEEP (default: runs/ beside this script), to be committed, and copied back into RUNS
# first (docs/results/kept-files.sh): on a new machine the run goes on from the points already
# done. A seed whose results.json is kept is skipped. Run it from a checkout (or worktree) that
# nothing rebuilds meanwhile: ./mint rebuilds itself when the sources are newer than its jar.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../../.."
: "${DATA:?DATA: the data directory}" "${TP:?TP: a checkout of Torch-Pruning v1.6.1}" "${RUNS:?RUNS: the run directory}"
export MINT_DATA="$DATA"
keep="${KEEP:-$here/runs}"

. docs/results/kept-files.sh

# The marks of finished stages: a retrained point, a fine-tuned import, a seed, Torch-Pruning's
# pruning reports. Only the first three are put back: Torch-Pruning's export is remade if missing.
persist() {
  keep_files "$RUNS" "$keep" -path '*/retrain/*/point.json' -o -path './tp-*/seed-*/train-result.json' \
    -o -path './channels-r56/seed-*/results.json' -o -path './tp-export/tp-*.json'
}
restore_files "$keep" "$RUNS" -path '*/retrain/*/point.json' -o -path './tp-*/seed-*/train-result.json' \
  -o -path './channels-r56/seed-*/results.*'
( while sleep 300; do persist; done ) &
trap 'persist; kill %1 2>/dev/null' EXIT

onnx=mint-onnx/target/onnx-fixtures/resnet56.onnx
[ -f "$onnx" ] || /usr/bin/python3 scripts/onnx-fixtures.py mint-onnx/target/onnx-fixtures \
  --resnet56 "$DATA/pretrained/resnet56-4bfd9763.th" || exit 1
for s in 1 2 3; do
  seed="$RUNS/channels-r56/seed-$s"
  if [ ! -f "$seed/results.json" ]; then
    ./mint run --recipe docs/results/channels-resnet56.yaml --out "$RUNS/channels-r56" --seeds "$s" --threads 2 \
      || exit 1
  fi
  # Latency does not depend on the weights: seed 1's points stand for all seeds. Only finished
  # points: a plan left from another schedule has masks but was never retrained.
  for p in "$seed"/retrain/*/; do
    if [ "$s" = 1 ] && [ -f "$p/point.json" ] && [ ! -s "$p/bench.txt" ]; then
      ./mint bench "$seed" --point "$(basename "$p")" --threads 2 > "$p/bench.txt.part" && mv "$p/bench.txt.part" "$p/bench.txt"
    fi
  done
  persist
  for m in l1 taylor; do
    if [ ! -f "$RUNS/tp-$m/seed-$s/train-result.json" ]; then
      if [ ! -f "mint-onnx/target/torch-pruning/tp-$m.onnx" ]; then
        PYTHONPATH="$TP" /usr/bin/python3 docs/results/torch-pruning/prune_resnet56.py \
          --weights "$DATA/pretrained/resnet56-4bfd9763.th" --cifar "$DATA/cifar10" --method "$m" \
          --out mint-onnx/target/torch-pruning || exit 1
        mkdir -p "$RUNS/tp-export" && cp "mint-onnx/target/torch-pruning/tp-$m.json" "$RUNS/tp-export/"
      fi
      ./mint train --recipe "docs/results/torch-pruning/tp-$m.yaml" --seed "$s" --out "$RUNS/tp-$m/seed-$s" \
        --threads 2 || exit 1
    fi
    persist
  done
done
echo "all points done; their files are in $keep"
