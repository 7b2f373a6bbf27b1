#!/usr/bin/env python3
"""The corrected conditional GMI estimator in vectorised NumPy: the whole-process baseline that
`mint benchmark gmi-process` times `mint gmi` against. Same input (three CSV files, no header) and
the same definition as ../shared/reference/gmi-cases/README.md ("corrected"): halves A and B of
the first 2n/3 rows, S1 the rest; each half-A row takes the Y of its nearest half-B row in Z
(lowest index on ties); a dense-Prim Euclidean MST over [S1; S2~] on all columns; R = edges
across; estimate 1 - R (m + k) / (2 m k). Prints JSON like `mint gmi`.

    python3 scripts/gmi_reference.py X.csv Y.csv Z.csv
"""
import json
import sys
import time

import numpy as np


def squared_distances(a, b):
    d = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * (a @ b.T)
    np.maximum(d, 0.0, out=d)
    return d


def prim(d):
    """Edges (parent, child) of a minimum spanning tree of the dense squared-distance matrix d."""
    n = d.shape[0]
    in_tree = np.zeros(n, dtype=bool)
    best = d[0].copy()
    parent = np.zeros(n, dtype=np.int64)
    in_tree[0] = True
    best[0] = np.inf
    edges = []
    for _ in range(n - 1):
        v = int(np.argmin(best))
        edges.append((int(parent[v]), v))
        in_tree[v] = True
        best[v] = np.inf
        row = d[v]
        closer = (row < best) & ~in_tree
        best[closer] = row[closer]
        parent[closer] = v
    return edges


def estimate(x, y, z):
    n = x.shape[0]
    n23 = (2 * n) // 3
    half = n23 // 2
    a, b, s1 = slice(0, half), slice(half, n23), slice(n23, n)
    donor = np.argmin(squared_distances(z[a], z[b]), axis=1)  # argmin takes the lowest index on ties
    s2 = np.hstack([x[a], y[b][donor], z[a]])
    points = np.vstack([np.hstack([x[s1], y[s1], z[s1]]), s2])
    m, k = n - n23, half
    d = squared_distances(points, points)
    edges = prim(d)
    r = sum((u < m) != (v < m) for u, v in edges)
    weight = float(sum(np.sqrt(d[u, v]) for u, v in edges))
    return {"R": int(r), "m": m, "k": k, "estimate": 1.0 - r * (m + k) / (2.0 * m * k), "mst_weight": weight}


def main(paths):
    x, y, z = (np.loadtxt(p, delimiter=",", ndmin=2) for p in paths)
    start = time.perf_counter()
    result = estimate(x, y, z)
    result["millis"] = (time.perf_counter() - start) * 1000.0
    result["numpy"] = np.__version__
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: gmi_reference.py X.csv Y.csv Z.csv")
    main(sys.argv[1:])
