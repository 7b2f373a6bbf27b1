package org.mint4j.gmi;

import java.util.Arrays;

/**
 * Euclidean minimum spanning tree by dense Prim and the Friedman-Rafsky count of its edges that
 * join the two samples. Prim starts at point 0, adds the lowest-index point on equal keys, and a
 * point's parent is the earliest-added tree point at the key distance, so the tree is fully
 * determined; zero-length edges are ordinary edges.
 *
 * <p>Parents are not tracked during relaxation (that would keep the hot loop from vectorising):
 * a point's parent is found in its own distance row, computed in the next step, as the
 * earliest-added tree point at exactly its key, since distances are bitwise symmetric.
 */
final class FriedmanRafsky {

    private final double[] row;
    private final double[] key;
    /** The step at which each point joined the tree. */
    private final int[] rank;

    /** A workspace for trees of up to {@code capacity} points; reuse it across estimates. */
    FriedmanRafsky(int capacity) {
        row = new double[capacity];
        key = new double[capacity];
        rank = new int[capacity];
    }

    /**
     * Builds the tree over the points of {@code distances} (sources = targets) and counts its edges
     * with exactly one end below {@code firstSampleSize}.
     */
    GmiResult count(DistanceRows distances, int firstSampleSize) {
        int n = distances.targets();
        Arrays.fill(key, 0, n, Double.POSITIVE_INFINITY);
        int crossing = 0;
        double weight = 0.0;
        int u = 0;
        double keyOfU = 0.0;
        for (int added = 0; added < n; added++) {
            rank[u] = added;
            key[u] = Double.NaN; // in the tree: no comparison selects or changes it
            boolean last = added + 1 == n;
            int next = -1;
            if (last) {
                distances.fill(u, row);
            } else {
                next = distances.fillAndRelax(u, row, key);
            }
            if (added > 0) {
                int parent = distances.parentIn(row, key, keyOfU, rank, u);
                if (parent < 0) {
                    throw new AssertionError("no tree point at the key distance " + keyOfU);
                }
                if ((u < firstSampleSize) != (parent < firstSampleSize)) {
                    crossing++;
                }
                weight += Math.sqrt(Math.max(keyOfU, 0.0));
            }
            if (!last) {
                keyOfU = key[next];
                u = next;
            }
        }
        return GmiResult.of(crossing, firstSampleSize, n - firstSampleSize, weight);
    }
}
