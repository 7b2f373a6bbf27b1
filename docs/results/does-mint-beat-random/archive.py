"""Keeps what the page's tables are read from, out of a finished seed's run directory.

usage: python3 archive.py SEED_DIR DEST_DIR
Copies the recipe, provenance, sample, baseline and results files, every retrained point's
point.json and train-log.jsonl, and each criterion's score file without its scores (the header:
criterion, what it was made from, seconds); tables.py reads the copy as it reads the run.
"""
import glob
import json
import os
import shutil
import sys


def main():
    seed_dir, dest = sys.argv[1], sys.argv[2]
    if not os.path.exists(f"{seed_dir}/results.json"):
        sys.exit(f"{seed_dir} has no results.json: the seed has not finished")
    os.makedirs(f"{dest}/scores", exist_ok=True)
    for name in ["recipe.yaml", "provenance.json", "sample.json", "baseline.json", "results.json", "results.md"]:
        shutil.copy(f"{seed_dir}/{name}", f"{dest}/{name}")
    for point in glob.glob(f"{seed_dir}/retrain/*/point.json"):
        name = os.path.basename(os.path.dirname(point))
        os.makedirs(f"{dest}/retrain/{name}", exist_ok=True)
        for f in ["point.json", "train-log.jsonl"]:
            shutil.copy(f"{seed_dir}/retrain/{name}/{f}", f"{dest}/retrain/{name}/{f}")
    for path in glob.glob(f"{seed_dir}/scores/*.json"):
        scores = json.load(open(path))
        if scores.get("format") == "mint4j-scores":
            scores.pop("pairs")
            with open(f"{dest}/scores/{os.path.basename(path)}", "w") as out:
                json.dump(scores, out, indent=2)
                out.write("\n")


if __name__ == "__main__":
    main()
