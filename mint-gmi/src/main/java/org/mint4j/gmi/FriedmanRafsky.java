package org.mint4j.gmi;

import java.util.Arrays;

/**
 * Euclidean minimum spanning tree by Prim and the Friedman-Rafsky count of its edges that join the
 * two samples. Prim starts at point 0, adds the lowest-index point on equal keys, and a point's
 * parent is the earliest-added tree point at the key distance (a key is only lowered by a strictly
 * smaller distance), so the tree is fully determined; zero-length edges are ordinary edges. Prim
 * runs either over all pairs (dense) or over the pairs that {@link SharedTree} leaves as
 * candidates, which gives the same tree.
 */
final class FriedmanRafsky {

    private final PrimKeys keys;
    private final KeyTournament sparseKeys;
    private final int[] sparseParent;
    /** The last tree: each point's parent, -1 for the first. */
    private final int[] parentOf;
    private int points;
    private int firstSampleSize;
    private int crossing;
    private double weight;

    /** A workspace for trees of up to {@code capacity} points; reuse it across estimates. */
    FriedmanRafsky(int capacity) {
        keys = new PrimKeys(capacity, BoundedDistanceRows.LANES);
        sparseKeys = new KeyTournament(capacity);
        sparseParent = new int[capacity];
        parentOf = new int[capacity];
    }

    /**
     * Builds the tree over all pairs of the points of {@code distances} and counts its edges with
     * exactly one end below {@code firstSampleSize}.
     */
    GmiResult count(BoundedDistanceRows distances, int firstSampleSize) {
        start(distances.points(), firstSampleSize);
        keys.reset(points, distances::exact);
        int u = 0;
        for (int step = 0; step < points; step++) {
            double key = keys.remove(u);
            if (step > 0) {
                addEdge(u, keys.parent(u), key);
            }
            if (step + 1 < points) {
                distances.relax(u, keys);
                u = keys.lowest();
                if (u < 0) {
                    throw new AssertionError("no point left at a finite distance from the tree");
                }
            }
        }
        return result();
    }

    /**
     * {@link #count} over the pairs of {@code graph} alone, at the distances it holds (exactly the
     * dense Prim's, {@link BoundedDistanceRows#exact}); with the candidate graph of {@link
     * SharedTree}, the same tree.
     */
    GmiResult count(CandidatePairs.Graph graph, int points, int firstSampleSize) {
        start(points, firstSampleSize);
        sparseKeys.reset(points);
        double[] key = sparseKeys.keys;
        int u = 0;
        for (int step = 0; step < points; step++) {
            double uKey = key[u];
            key[u] = Double.NaN;
            sparseKeys.update(u);
            if (step > 0) {
                addEdge(u, sparseParent[u], uKey);
            }
            if (step + 1 < points) {
                for (int i = graph.offsets[u], end = graph.offsets[u + 1]; i < end; i++) {
                    int v = graph.targets[i];
                    if (graph.distances[i] < key[v]) {
                        key[v] = graph.distances[i];
                        sparseParent[v] = u;
                        sparseKeys.update(v);
                    }
                }
                u = sparseKeys.winner();
                if (u < 0 || !(key[u] < Double.POSITIVE_INFINITY)) {
                    throw new AssertionError("no point left at a finite distance from the tree");
                }
            }
        }
        return result();
    }

    private void start(int points, int firstSampleSize) {
        this.points = points;
        parentOf[0] = -1;
        this.firstSampleSize = firstSampleSize;
        crossing = 0;
        weight = 0.0;
    }

    private void addEdge(int u, int parent, double key) {
        parentOf[u] = parent;
        if ((u < firstSampleSize) != (parent < firstSampleSize)) {
            crossing++;
        }
        weight += Math.sqrt(Math.max(key, 0.0));
    }

    /** The last tree's edges: each point's parent (-1 for point 0, where Prim starts). */
    int[] lastParents() {
        return Arrays.copyOf(parentOf, points);
    }

    private GmiResult result() {
        return GmiResult.of(crossing, firstSampleSize, points - firstSampleSize, weight);
    }
}
