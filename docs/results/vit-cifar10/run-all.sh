#!/usr/bin/env bash
# Every run of issue 23's ViT study, resumable: the small ViT trained on CIFAR-10 once
# (docs/results/vit-cifar10.yaml, 3,520 steps of about 1.1 s on 2 cores; a killed training resumes from its
# last epoch), its trained weights exported to ONNX, then 3 seeds of docs/results/vit-cifar10-pruned.yaml
# (4 criteria at 2 targets, each point fine-tuned for an epoch) on that one baseline; at the end
# the trade-off plots (tradeoff-macs.png, tradeoff-latency-64.png here) and table.py's tables.
#
#   DATA=../shared/data RUNS=runs docs/results/vit-cifar10/run-all.sh
#
# Finished points' small files are copied every 5 minutes to KEEP (default: runs/ beside this
# script), to be committed, and copied back first (docs/results/kept-files.sh). The trained
# weights are not kept: on a new machine the training runs again. Run it from a checkout (or
# worktree) that nothing rebuilds meanwhile: ./mint rebuilds itself when the sources are newer
# than its jar.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../../.."
: "${DATA:?DATA: the data directory}" "${RUNS:?RUNS: the run directory}"
export MINT_DATA="$DATA"
keep="${KEEP:-$here/runs}"
. docs/results/kept-files.sh

persist() {
  keep_files "$RUNS" "$keep" -path '*/retrain/*/point.json' -o -path './vit-train/train-result.json' \
    -o -path './vit-pruned/seed-*/results.json'
}
restore_files "$keep" "$RUNS" -path '*/retrain/*/point.json' -o -path './vit-pruned/seed-*/results.*'
( while sleep 300; do persist; done ) &
trap 'persist; kill %1 2>/dev/null' EXIT

fixtures=mint-onnx/target/onnx-fixtures
[ -f "$fixtures/vit.onnx" ] || /usr/bin/python3 scripts/onnx-fixtures.py "$fixtures" || exit 1
if [ ! -f "$RUNS/vit-train/train-result.json" ]; then
  ./mint train --recipe docs/results/vit-cifar10.yaml --out "$RUNS/vit-train" --threads 2 || exit 1
fi
persist
trained="$fixtures/vit-cifar10-trained.onnx"
# written whole or not at all
[ -f "$trained" ] || ./mint export "$RUNS/vit-train" --format onnx --point baseline --out "$trained" || exit 1
for s in 1 2 3; do
  if [ ! -f "$RUNS/vit-pruned/seed-$s/results.json" ]; then
    ./mint run --recipe docs/results/vit-cifar10-pruned.yaml --out "$RUNS/vit-pruned" --seeds "$s" --threads 2 || exit 1
  fi
  persist
done
# The trade-off plots over the three seeds, against the MACs and the batch-64 latency kept.
for axis in macs latency-64; do
  ./mint report "$RUNS/vit-pruned" --x-axis "$axis" > /dev/null && cp "$RUNS/vit-pruned/tradeoff.png" "$here/tradeoff-$axis.png" \
    || exit 1
done
python3 "$here/table.py" "$keep"
echo "all points done; their files are in $keep, the plots in $here"
