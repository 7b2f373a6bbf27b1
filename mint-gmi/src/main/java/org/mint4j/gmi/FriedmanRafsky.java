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
    private BoundedDistanceRows distances;
    private PointOrder order;
    private int firstSampleSize;
    /** The position to add next. */
    private int next;
    private int crossing;
    private double weight;

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
        return countTogether(new FriedmanRafsky[] {this}, new BoundedDistanceRows[] {distances}, firstSampleSize)[0];
    }

    /**
     * {@link #count} for several trees over the same points, tree i in workspace i, built one
     * Prim step of each in turn. Trees that share most of their distances (the child groups of one
     * parent group) take their points in nearly the same order, so a row of shared bounds that one
     * tree reads from memory is still in the cache when the others read it: memory traffic, which
     * bounds a lone tree, is shared. Each tree is exactly the tree it would be alone.
     */
    static GmiResult[] countTogether(FriedmanRafsky[] trees, BoundedDistanceRows[] distances, int firstSampleSize) {
        int n = distances[0].order().size();
        for (int t = 0; t < trees.length; t++) {
            trees[t].start(distances[t], firstSampleSize);
        }
        for (int step = 0; step < n; step++) {
            for (FriedmanRafsky tree : trees) {
                tree.step(step);
            }
        }
        GmiResult[] results = new GmiResult[trees.length];
        for (int t = 0; t < trees.length; t++) {
            results[t] = trees[t].result();
        }
        return results;
    }

    private void start(BoundedDistanceRows distances, int firstSampleSize) {
        this.distances = distances;
        this.firstSampleSize = firstSampleSize;
        order = distances.order();
        lastPoints = order.size();
        keys.reset(order, distances::exact);
        crossing = 0;
        weight = 0.0;
        next = order.position(0);
    }

    /** Adds the next point (the step-th) and relaxes the keys from it. */
    private void step(int step) {
        int u = next;
        added[step] = order.original(u);
        double key = keys.remove(u);
        if (step > 0) {
            if ((order.original(u) < firstSampleSize) != (order.original(keys.parent(u)) < firstSampleSize)) {
                crossing++;
            }
            weight += Math.sqrt(Math.max(key, 0.0));
        }
        if (step + 1 < lastPoints) {
            distances.relax(u, keys);
            next = keys.lowest();
            if (next < 0) {
                throw new AssertionError("no point left at a finite distance from the tree");
            }
        }
    }

    private GmiResult result() {
        return GmiResult.of(crossing, firstSampleSize, lastPoints - firstSampleSize, weight);
    }

    /** The order in which the last tree took its points (original indices). */
    PointOrder lastOrder() {
        return PointOrder.of(Arrays.copyOf(added, lastPoints));
    }
}
