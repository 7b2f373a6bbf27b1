"""Tables of docs/results/does-mint-beat-random.md, read from the run directories' own files.

usage: python3 tables.py LABEL=SEEDS_GLOB[:SETTINGS[:by-zeroed]] ...
  e.g. capped=/work/runs/eval-mlp/seed-*:3f2a19c0 fc2-only=/work/runs/eval-mlp/seed-*:77aa0b12
  SETTINGS is the digest ending the point directories' names (one mask and retraining setting);
  without it every point of the seeds is taken. Points are pooled over seeds by target, or with
  by-zeroed by the fraction zeroed (to 1%), for runs whose seeds needed their own targets to
  zero the same fraction.
Prints two Markdown tables: accuracy (mean ± sample sd over seeds, and each seed's kept-epoch test
accuracy), and wall time per criterion (scoring, from scores/CRITERION.json; retraining, from each
point.json).
"""
import glob
import json
import statistics
import sys
from collections import defaultdict

import yaml  # Debian python3-yaml


def mean_sd(values, scale=100.0, unit="%"):
    mean = scale * statistics.mean(values)
    sd = scale * statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:.2f}{unit} ± {sd:.2f}"


def criteria_order(pattern):
    """The criteria in the order the run's recipe lists them."""
    for seed_dir in sorted(glob.glob(pattern)):
        return yaml.safe_load(open(f"{seed_dir}/recipe.yaml"))["mint"]["criteria"]
    return []


def points(pattern, settings, by_zeroed):
    grouped = defaultdict(list)
    for seed_dir in sorted(glob.glob(pattern)):
        for path in sorted(glob.glob(f"{seed_dir}/retrain/*-{settings or '*'}/point.json")):
            p = json.load(open(path))
            key = round(p["zeroed_fraction_prunable"], 2) if by_zeroed else p["target"]
            grouped[(p["criterion"], key)].append(p)
    for ps in grouped.values():
        ps.sort(key=lambda p: p["seed"])
    return grouped


def scoring_seconds(pattern):
    seconds = defaultdict(list)
    for seed_dir in sorted(glob.glob(pattern)):
        for path in sorted(glob.glob(f"{seed_dir}/scores/*.json")):
            s = json.load(open(path))
            if s.get("format") == "mint4j-scores":  # not a unit's partial file
                seconds[s["criterion"]].append(s["seconds"])
    return seconds


def main():
    runs = []
    for spec in sys.argv[1:]:
        label, rest = spec.split("=", 1)
        pattern, _, settings = rest.partition(":")
        settings, _, pooling = settings.partition(":")
        runs.append((label, pattern, points(pattern, settings, pooling == "by-zeroed"), criteria_order(pattern)))

    print("| run | criterion | target | seeds | zeroed, pruned layers | acc. before retrain "
          "| val. acc. (kept epoch) | **test acc. (kept epoch)** | test acc. (last epoch) "
          "| best test acc. of any epoch (selects on test) | kept-epoch test acc. per seed |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for label, _, grouped, order in runs:
        for (criterion, _), ps in sorted(grouped.items(), key=lambda kv: (kv[0][1], order.index(kv[0][0]))):
            if any(p["selected_on"] != "validation" for p in ps):
                sys.exit(f"{label}: a {criterion} point was not selected on validation")
            per_seed = ", ".join(f"{100 * p['accuracy']:.2f}" for p in ps)
            targets = "/".join(dict.fromkeys(f"{100 * p['target']:g}%" for p in ps))  # in seed order
            print(f"| {label} | {criterion} | {targets} | {len(ps)} "
                  f"| {mean_sd([p['zeroed_fraction_prunable'] for p in ps])} "
                  f"| {mean_sd([p['accuracy_before_retrain'] for p in ps])} "
                  f"| {mean_sd([p['validation_accuracy'] for p in ps])} "
                  f"| **{mean_sd([p['accuracy'] for p in ps])}** "
                  f"| {mean_sd([p['accuracy_final'] for p in ps])} "
                  f"| {mean_sd([p['best_test_accuracy'] for p in ps])} | {per_seed} |")

    print()
    print("| run | criterion | scoring, s per seed | each seed's | retraining, s per point | points |")
    print("|---|---|---|---|---|---|")
    for label, pattern, grouped, order in runs:
        retrain = defaultdict(list)
        for (criterion, _), ps in grouped.items():
            retrain[criterion].extend(p["retrain_seconds"] for p in ps)
        scoring = scoring_seconds(pattern)
        for criterion, seconds in sorted(retrain.items(), key=lambda kv: order.index(kv[0])):
            each = ", ".join(f"{v:.1f}" for v in scoring[criterion])
            print(f"| {label} | {criterion} | {mean_sd(scoring[criterion], 1, '')} | {each} "
                  f"| {mean_sd(seconds, 1, '')} | {len(seconds)} |")


if __name__ == "__main__":
    main()
