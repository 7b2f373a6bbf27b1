"""Weights each output unit keeps in one layer, per criterion, read from the points' masks.

usage: python3 fan-in.py SEEDS_GLOB LAYER TARGET SETTINGS
  e.g. python3 fan-in.py "/work/runs/eval-mlp/seed-*" fc3.weight 0.96 069f4472
Prints one Markdown row per seed and criterion: the kept weights of each output unit (for the
MLP's fc3, each class). The masks are in the run directories, not in the archive (600 KB each).
"""
import glob
import json
import struct
import sys

import numpy as np  # Debian python3-numpy


def masks(path):
    """The tensors of a safetensors file (the format mint4j writes masks in)."""
    raw = open(path, "rb").read()
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + size])
    dtypes = {"F32": np.float32, "U8": np.uint8, "BOOL": np.bool_, "I8": np.int8}
    tensors = {}
    for name, entry in header.items():
        if name != "__metadata__":
            start, end = entry["data_offsets"]
            data = np.frombuffer(raw[8 + size + start:8 + size + end], dtype=dtypes[entry["dtype"]])
            tensors[name] = data.reshape(entry["shape"])
    return tensors


def main():
    pattern, layer, target, settings = sys.argv[1:]
    print("| seed | criterion | kept weights per output unit | units with none |")
    print("|---|---|---|---|")
    for seed_dir in sorted(glob.glob(pattern)):
        for point in sorted(glob.glob(f"{seed_dir}/retrain/*-t{float(target):.4f}-{settings}")):
            criterion = json.load(open(f"{point}/point.json"))["criterion"]
            kept = (masks(f"{point}/masks.safetensors")[layer] != 0).sum(axis=1)
            print(f"| {seed_dir.rsplit('-', 1)[1]} | {criterion} | {', '.join(map(str, kept))} "
                  f"| {int((kept == 0).sum())} |")


if __name__ == "__main__":
    main()
