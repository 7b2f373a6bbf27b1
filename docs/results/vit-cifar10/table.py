#!/usr/bin/env python3
"""The tables of docs/results/vit-cifar10.md from the kept files of run-all.sh (runs/ beside this
script): the trained ViT (test accuracy, training wall time), then per criterion and target the
test accuracy after the one-epoch fine-tune at the validation-selected epoch over the seeds done
(mean and sample standard deviation) and before it, what the compacted network keeps of the
parameters and MACs and of the prunable channels (attention heads' channels and FFN neurons),
ONNX Runtime latency against the unpruned network (seed 1's point), and wall times: the fine-tune
of each point, and each seed's scoring stage (mean over seeds).

    python3 docs/results/vit-cifar10/table.py [KEPT_DIR]
"""
import glob
import json
import os
import statistics
import sys


def mean_sd(values, scale=100, unit="%"):
    if not values:
        return "-"
    if len(values) == 1:
        return "%.2f%s" % (scale * values[0], unit)
    return "%.2f ± %.2f%s" % (scale * statistics.mean(values), scale * statistics.stdev(values), unit)


def main(kept):
    train = os.path.join(kept, "vit-train", "train-result.json")
    if os.path.exists(train):
        t = json.load(open(train))
        print("Trained ViT: %d epochs, test accuracy %.2f%% (epoch %d, selected on %s), %.1f h of training, "
              "%s parameters\n" % (t["epochs"], 100 * t["test_accuracy"], t["selected_epoch"], t["selected_on"],
                                   t["training_seconds"] / 3600, format(t["parameters"], ",")))
    rows = {}
    for f in sorted(glob.glob(os.path.join(kept, "vit-pruned", "seed-*", "retrain", "*", "point.json"))):
        p = json.load(open(f))
        row = rows.setdefault((p["criterion"], p["target"]), {"acc": [], "before": [], "seeds": [], "secs": [],
                                                              "point": None})
        row["acc"].append(p["accuracy"])
        row["before"].append(p["accuracy_before_retrain"])
        row["seeds"].append(p["seed"])
        row["secs"].append(p["retrain_seconds"])
        if p["seed"] == 1 or row["point"] is None:
            row["point"] = p
    print("| criterion | target (params removed) | seeds | test accuracy | before fine-tune | parameters kept "
          "| MACs kept | channels kept | ORT batch 1 | ORT batch 64 | fine-tune |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (name, target), row in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        ch = row["point"]["channels"]
        orig, got = ch["original"], ch["achieved"]
        lat = ch.get("latency")
        speed = ("%.2fx" % (lat["original_batch1"] / lat["batch1"]), "%.2fx" % (lat["original_batch64"] / lat["batch64"])) \
            if lat else ("-", "-")
        kept_channels = got["prunable_channels"] - got["removed_channels"]
        print("| %s | %.0f%% | %s | %s | %s | %.2f%% (%s) | %.2f%% | %d of %d | %s | %s | %.0f min |" % (
            name, 100 * target, ",".join(str(s) for s in sorted(row["seeds"])), mean_sd(row["acc"]),
            mean_sd(row["before"]), 100 * got["parameters"] / orig["parameters"], format(got["parameters"], ","),
            100 * got["macs"] / orig["macs"], kept_channels, got["prunable_channels"], speed[0], speed[1],
            statistics.mean(row["secs"]) / 60))
    stages = {}
    for f in sorted(glob.glob(os.path.join(kept, "vit-pruned", "seed-*", "results.json"))):
        for stage, seconds in (json.load(open(f)).get("stage_seconds") or {}).items():
            stages.setdefault(stage, []).append(seconds)
    if stages:
        print("\nWall time per seed by stage (mean over %d seeds): %s" % (
            max(len(v) for v in stages.values()),
            ", ".join("%s %.1f min" % (stage, statistics.mean(v) / 60) for stage, v in stages.items())))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "runs"))
