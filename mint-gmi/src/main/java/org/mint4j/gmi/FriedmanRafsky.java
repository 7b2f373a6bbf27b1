package org.mint4j.gmi;

import java.util.Arrays;

/**
 * Euclidean minimum spanning tree by dense Prim and the Friedman-Rafsky count of its edges that
 * join the two samples. Prim starts at point 0, adds the lowest-index point on equal keys, and a
 * point's parent is the earliest-added tree point at the key distance, so the tree is fully
 * determined; zero-length edges are ordinary edges.
 *
 * <p>Parents are not tracked during relaxation (that would keep the hot loop from vectorising):
 * a point's parent is found when its own distance row is computed in the next step, since
 * distances are bitwise symmetric.
 */
final class FriedmanRafsky {

    private final double[] row;
    private final double[] key;
    private final double[] excluded;
    private final int[] order;

    /** A workspace for trees of up to {@code capacity} points; reuse it across estimates. */
    FriedmanRafsky(int capacity) {
        row = new double[capacity];
        key = new double[capacity];
        excluded = new double[capacity];
        order = new int[capacity];
    }

    /**
     * Builds the tree over the points of {@code distances} (sources = targets) and counts its edges
     * with exactly one end below {@code firstSampleSize}.
     */
    GmiResult count(DistanceRows distances, int firstSampleSize) {
        int n = distances.targets();
        Arrays.fill(key, 0, n, Double.POSITIVE_INFINITY);
        Arrays.fill(excluded, 0, n, 0.0);
        int crossing = 0;
        double weight = 0.0;
        int u = 0;
        double keyOfU = 0.0;
        for (int added = 0; added < n; added++) {
            order[added] = u;
            excluded[u] = Double.POSITIVE_INFINITY;
            key[u] = Double.POSITIVE_INFINITY;
            boolean last = added + 1 == n;
            int next = last ? -1 : distances.fillAndRelax(u, row, excluded, key);
            if (last) {
                distances.fill(u, row);
            }
            if (added > 0) {
                int parent = earliestAt(row, keyOfU, added);
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

    /** The earliest-added of the first {@code added} tree points at exactly {@code distance}. */
    private int earliestAt(double[] row, double distance, int added) {
        for (int i = 0; i < added; i++) {
            if (row[order[i]] == distance) {
                return order[i];
            }
        }
        throw new AssertionError("no tree point at the key distance " + distance);
    }
}
