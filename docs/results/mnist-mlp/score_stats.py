"""What a criterion's saved scores say on the MNIST MLP: per layer pair, the median score, the rank
correlation with the weight magnitudes of the same blocks (from magnitude.json of the same run),
and for fc2 -> fc3 how many of the weights kept at a cap fall on each digit.

usage: python3 score_stats.py SCORES.json MAGNITUDE.json [CAP]   (CAP: fraction of fc3 group pairs pruned, default 0.96)
"""
import json
import sys

import numpy as np
from scipy.stats import spearmanr


def pairs(path):
    return {(p["pair"]["parent"], p["pair"]["child"]): np.array(p["scores"]) for p in json.load(open(path))["pairs"]}


def main():
    scores, magnitude = pairs(sys.argv[1]), pairs(sys.argv[2])
    cap = float(sys.argv[3]) if len(sys.argv) > 3 else 0.96
    for key, s in scores.items():
        rho = spearmanr(s.ravel(), magnitude[key].ravel()).statistic
        line = f"{key[0]} -> {key[1]}: median {np.median(s):.4f}, range [{s.min():.4f}, {s.max():.4f}], " \
               f"Spearman with magnitude {rho:.3f}"
        if key[1] == "fc3":
            # The cap prunes the lowest floor(cap * total) group pairs, lower index first on ties
            # (as MaskPlan when the global percentile reaches the cap); the rest are kept.
            flat = s.ravel()
            cut = int(np.floor(cap * flat.size))
            kept = sorted(range(flat.size), key=lambda i: (flat[i], i))[cut:]
            per_digit = np.bincount(np.array(kept) // s.shape[1], minlength=s.shape[0])
            line += f"; weights kept per digit at cap {cap}: {per_digit.tolist()}"
        print(line)


if __name__ == "__main__":
    main()
