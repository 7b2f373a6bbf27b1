"""Mean and standard deviation over seeds of retrained points, read from their point.json files.

usage: python3 collect_points.py LABEL=RUN_DIR_GLOB[:SETTINGS] ...
  e.g. paper=/work/runs/mnist-mlp-paper/seed-*:377bd75e  (SETTINGS: the hash ending the point names)
Prints a Markdown table: label, criterion, target, zeroed (fc2 + fc3), accuracy before and after retraining.
"""
import glob
import json
import statistics
import sys
from collections import defaultdict


def pct(values):
    mean = 100 * statistics.mean(values)
    sd = 100 * statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:.2f}% ± {sd:.2f}"


def main():
    print("| run | criterion | target | seeds | zeroed, fc2 + fc3 | acc. before retrain | acc. after retrain (per seed) |")
    print("|---|---|---|---|---|---|---|")
    for spec in sys.argv[1:]:
        label, rest = spec.split("=", 1)
        pattern, _, settings = rest.partition(":")
        points = defaultdict(list)
        for run in sorted(glob.glob(pattern)):
            for path in sorted(glob.glob(f"{run}/retrain/*-{settings or '*'}/point.json")):
                p = json.load(open(path))
                points[(p["criterion"], p["target"])].append(p)
        for (criterion, target), ps in sorted(points.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            ps.sort(key=lambda p: p["seed"])
            after = ", ".join(f"{100 * p['accuracy']:.2f}" for p in ps)
            print(f"| {label} | {criterion} | {100 * target:.0f}% | {len(ps)} | "
                  f"{pct([p['zeroed_fraction_prunable'] for p in ps])} | "
                  f"{pct([p['accuracy_before_retrain'] for p in ps])} | "
                  f"**{pct([p['accuracy'] for p in ps])}** ({after}) |")


if __name__ == "__main__":
    main()
