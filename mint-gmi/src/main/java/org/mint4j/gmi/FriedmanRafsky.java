package org.mint4j.gmi;

import java.util.Arrays;

/**
 * Euclidean minimum spanning tree by dense Prim and the Friedman-Rafsky count of its edges that
 * join the two samples. Prim starts at point 0, adds the lowest-index point on equal keys, and a
 * point's parent is the earliest-added tree point at the key distance (a key is only lowered by a
 * strictly smaller distance), so the tree is fully determined, whatever the order of the rows;
 * zero-length edges are ordinary edges.
 */
final class FriedmanRafsky {

    private final PrimKeys keys;
    private final int[] added;
    private int lastPoints;

    /** A workspace for trees of up to {@code capacity} points; reuse it across estimates. */
    FriedmanRafsky(int capacity) {
        keys = new PrimKeys(capacity, BoundedDistanceRows.LANES);
        added = new int[capacity];
    }

    /**
     * Builds the tree over the points of {@code distances} and counts its edges with exactly one
     * end below {@code firstSampleSize} (in the points' original indices).
     */
    GmiResult count(BoundedDistanceRows distances, int firstSampleSize) {
        PointOrder order = distances.order();
        int n = order.size();
        lastPoints = n;
        keys.reset(order, distances::exact);
        int crossing = 0;
        double weight = 0.0;
        int u = order.position(0);
        for (int step = 0; step < n; step++) {
            added[step] = order.original(u);
            double key = keys.remove(u);
            if (step > 0) {
                if ((order.original(u) < firstSampleSize) != (order.original(keys.parent(u)) < firstSampleSize)) {
                    crossing++;
                }
                weight += Math.sqrt(Math.max(key, 0.0));
            }
            if (step + 1 < n) {
                distances.relax(u, keys);
                u = keys.lowest();
                if (u < 0) {
                    throw new AssertionError("no point left at a finite distance from the tree");
                }
            }
        }
        return GmiResult.of(crossing, firstSampleSize, n - firstSampleSize, weight);
    }

    /** The order in which the last tree took its points (original indices). */
    PointOrder lastOrder() {
        return PointOrder.of(Arrays.copyOf(added, lastPoints));
    }
}
