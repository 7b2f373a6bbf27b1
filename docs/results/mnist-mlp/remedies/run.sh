#!/bin/bash
# Issue 4 remedy study: MINT with standardised columns or 8 principal components of Z.
set -e
cd /work/bg   # a clone of this repository
export MINT_DATA=/work/shared/data
R=/work/runs/mlp-remedy
for v in pca8 std; do
  /usr/bin/time -f "$v run: %e s" ./mint run --recipe $R/$v.yaml --seeds 1,2,3 --out $R/$v
  for s in 1 2 3; do
    /usr/bin/time -f "$v seed $s skip-fc3 retrain: %e s" ./mint retrain --from $R/$v/seed-$s --recipe $R/$v-skip-fc3.yaml
  done
done
# Both options at once, seed 1 only (time):
./mint run --recipe $R/std-pca8.yaml --seeds 1 --out $R/std-pca8
./mint retrain --from $R/std-pca8/seed-1 --recipe $R/std-pca8-skip-fc3.yaml
echo ALL DONE
