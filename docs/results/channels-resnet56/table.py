#!/usr/bin/env python3
"""The table of docs/results/channels-resnet56.md from the kept files of run-all.sh (runs/ beside
this script): per criterion, test accuracy at the validation-selected epoch over the seeds done
(mean and sample standard deviation), what the compacted network keeps of the MACs and
parameters, and ONNX Runtime latency against the unpruned network (seed 1's point, measured
when it was retrained). A criterion planned with both schedules has a row for each: "one order"
or "N steps" (points made before the plan had steps record none: they are one order).
Torch-Pruning's rows: mint4j's fine-tune of its exports.

    python3 docs/results/channels-resnet56/table.py [KEPT_DIR]
"""
import glob
import json
import os
import statistics
import sys


def mean_sd(values):
    if not values:
        return "-"
    if len(values) == 1:
        return "%.2f%%" % (100 * values[0])
    return "%.2f ± %.2f%%" % (100 * statistics.mean(values), 100 * statistics.stdev(values))


def main(kept):
    rows = {}
    for f in sorted(glob.glob(os.path.join(kept, "channels-r56", "seed-*", "retrain", "*", "point.json"))):
        with open(f) as fh:
            p = json.load(fh)
        steps = p["channels"].get("steps") or 1
        schedule = "one order" if steps == 1 else "%d steps" % steps
        row = rows.setdefault((p["criterion"], schedule), {"acc": [], "seeds": [], "point": None})
        row["acc"].append(p["accuracy"])
        row["seeds"].append(p["seed"])
        if p["seed"] == 1 or row["point"] is None:
            row["point"] = p
    print("| criterion | schedule | seeds | test accuracy | MACs kept | parameters kept | ORT batch 1 | ORT batch 64 |")
    print("|---|---|---|---|---|---|---|---|")
    for (name, schedule), row in rows.items():
        ch = row["point"]["channels"]
        orig, got = ch["original"], ch["achieved"]
        lat = ch.get("latency")
        speed = ("%.2fx" % (lat["original_batch1"] / lat["batch1"]), "%.2fx" % (lat["original_batch64"] / lat["batch64"])) \
            if lat else ("-", "-")
        print("| %s | %s | %s | %s | %.2f%% | %.2f%% (%s) | %s | %s |" % (
            name, schedule, ",".join(str(s) for s in sorted(row["seeds"])), mean_sd(row["acc"]),
            100 * got["macs"] / orig["macs"], 100 * got["parameters"] / orig["parameters"], format(got["parameters"], ","),
            speed[0], speed[1]))
    # mint4j's count of parameters for every row (Torch-Pruning's own count leaves out a few).
    original = next(iter(rows.values()))["point"]["channels"]["original"]["parameters"] if rows else None
    for method in ("l1", "taylor"):
        results = sorted(glob.glob(os.path.join(kept, "tp-" + method, "seed-*", "train-result.json")))
        if not results:
            continue
        trained = [json.load(open(f)) for f in results]
        seeds = [os.path.basename(os.path.dirname(f)).removeprefix("seed-") for f in results]
        report = os.path.join(kept, "tp-export", "tp-%s.json" % method)
        macs = "%.2f%%" % (100 * json.load(open(report))["macs_kept"]) if os.path.exists(report) else "-"
        params = trained[0]["parameters"]
        steps = json.load(open(report))["steps"] if os.path.exists(report) else "-"
        print("| Torch-Pruning %s | 400 steps (%s taken) | %s | %s | %s | %s | see below | see below |" % (
            method, steps, ",".join(seeds), mean_sd([t["test_accuracy"] for t in trained]), macs,
            "%.2f%% (%s)" % (100 * params / original, format(params, ",")) if original else format(params, ",")))

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "runs"))
