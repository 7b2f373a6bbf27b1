#!/usr/bin/env python3
"""Compares two runs' scores of one criterion, pair by pair (docs/results/onnx-resnet56.md).

  compare-scores.py A/scores/mint.json B/scores/mint.json

Prints how many pairs the files share, how many have identical numbers, and the largest difference.
"""
import json
import sys


def scores(path):
    return {json.dumps(p["pair"], sort_keys=True): p["scores"] for p in json.load(open(path))["pairs"]}


a, b = scores(sys.argv[1]), scores(sys.argv[2])
common = [k for k in a if k in b]
identical = [k for k in common if a[k] == b[k]]
largest = max((abs(x - y) for k in common for ra, rb in zip(a[k], b[k]) for x, y in zip(ra, rb)), default=0.0)
estimates = sum(len(row) for k in common for row in a[k])
print(f"pairs: {len(a)} and {len(b)}, {len(common)} in both, {len(identical)} identical "
      f"({estimates} estimates); largest difference {largest}")
print("only in the first:", [json.loads(k)["child"] for k in a if k not in b])
print("only in the second:", [json.loads(k)["child"] for k in b if k not in a])
