package org.mint4j.gmi;

import java.util.Arrays;

/**
 * Euclidean minimum spanning tree by dense Prim and the Friedman-Rafsky count of its edges that
 * join the two samples. Prim starts at point 0, adds the lowest-index point on equal keys and keeps
 * the first parent found on equal distances, so the tree is fully determined; zero-length edges are
 * ordinary edges.
 */
final class FriedmanRafsky {

    private final double[] row;
    private final double[] key;
    private final int[] parent;

    /** A workspace for trees of up to {@code capacity} points; reuse it across estimates. */
    FriedmanRafsky(int capacity) {
        row = new double[capacity];
        key = new double[capacity];
        parent = new int[capacity];
    }

    /**
     * Builds the tree over the points of {@code distances} (sources = targets) and counts its edges
     * with exactly one end below {@code firstSampleSize}.
     */
    GmiResult count(DistanceRows distances, int firstSampleSize) {
        int n = distances.targets();
        // key is the squared distance to the tree; NaN marks points already in it, since every
        // comparison with NaN is false: they are never updated and never picked.
        Arrays.fill(key, 0, n, Double.POSITIVE_INFINITY);
        key[0] = Double.NaN;
        int u = 0;
        int crossing = 0;
        double weight = 0.0;
        for (int added = 1; added < n; added++) {
            distances.fill(u, row);
            double best = Double.POSITIVE_INFINITY;
            int next = -1;
            for (int v = 0; v < n; v++) {
                double d = row[v];
                if (d < key[v]) {
                    key[v] = d;
                    parent[v] = u;
                }
                if (key[v] < best) {
                    best = key[v];
                    next = v;
                }
            }
            weight += Math.sqrt(Math.max(best, 0.0));
            if ((next < firstSampleSize) != (parent[next] < firstSampleSize)) {
                crossing++;
            }
            key[next] = Double.NaN;
            u = next;
        }
        return GmiResult.of(crossing, firstSampleSize, n - firstSampleSize, weight);
    }
}
