package org.mint4j.gmi;

import java.util.Arrays;

/**
 * Prim's keys, each point's squared distance to the tree, and parents, kept from float-bounded
 * distances so that exact distances are computed rarely, while the tree stays bitwise that of
 * exact distances.
 *
 * <p>A key is an interval [lower, upper] around the exact distance from its parent: lowered from a
 * bound, it is the bound and the bound plus its error margin; it is made exact only when it may
 * be the smallest key or when a comparison needs it. A {@link KeyTournament} over the lower ends
 * gives the next point (the lowest index on equal keys). A point in the tree has a NaN lower end,
 * which no comparison selects, and an upper end of minus infinity, which nothing lowers; blocks of
 * points all in the tree can be skipped. Upper ends never
 * rise, so a block's largest upper end, once read, stays an upper bound of them.
 */
final class PrimKeys {

    /** Exact squared distances between points. */
    @FunctionalInterface
    interface Exact {
        double distance(int u, int v);
    }

    private final int blockSize;
    private final KeyTournament tournament;
    /** The lower ends: the tournament's keys. */
    private final double[] lower;
    private final double[] upper;
    private final boolean[] exact;
    private final int[] parent;
    /** Points outside the tree in each block of points. */
    private final int[] outside;
    /** Per block, a float not below any of its upper ends, as last read (minus infinity once all are in the tree). */
    private final float[] blockLargest;
    private int blocks;
    private Exact distances;

    /** Keys for up to {@code capacity} points; reuse them across trees. */
    PrimKeys(int capacity, int blockSize) {
        this.blockSize = blockSize;
        tournament = new KeyTournament(capacity);
        lower = tournament.keys;
        upper = new double[capacity];
        exact = new boolean[capacity];
        parent = new int[capacity];
        outside = new int[(capacity + blockSize - 1) / blockSize];
        blockLargest = new float[outside.length];
    }

    /** All keys of points [0, points) infinite, none in the tree. */
    void reset(int points, Exact distances) {
        this.distances = distances;
        tournament.reset(points);
        Arrays.fill(upper, 0, points, Double.POSITIVE_INFINITY);
        Arrays.fill(exact, 0, points, true);
        Arrays.fill(parent, 0, points, -1);
        blocks = (points + blockSize - 1) / blockSize;
        for (int b = 0; b < blocks; b++) {
            outside[b] = Math.min(blockSize, points - b * blockSize);
        }
        Arrays.fill(blockLargest, 0, blocks, Float.POSITIVE_INFINITY);
    }

    /**
     * The upper ends by point, for reading: a distance bound not below a point's upper end
     * cannot lower its key.
     */
    double[] upper() {
        return upper;
    }

    /**
     * Offers u as v's parent at a distance known to lie in [bound, bound + margin]: the key is
     * lowered if that distance is certainly below it, left if certainly not, and otherwise decided
     * on exact distances (strictly smaller wins, so the earliest parent stays on ties).
     */
    void offer(int u, int v, double bound, double margin) {
        if (!(bound < upper[v])) {
            return;
        }
        double boundUpper = bound + margin;
        if (boundUpper < lower[v]) {
            lower[v] = bound;
            upper[v] = boundUpper;
            exact[v] = false;
            parent[v] = u;
        } else {
            makeExact(v);
            double d = distances.distance(u, v);
            if (d < lower[v]) {
                lower[v] = d;
                upper[v] = d;
                parent[v] = u;
            }
        }
        tournament.update(v);
    }

    /** Takes point p into the tree; returns its exact key. */
    double remove(int p) {
        double key = lower[p];
        lower[p] = Double.NaN;
        upper[p] = Double.NEGATIVE_INFINITY;
        if (--outside[p / blockSize] == 0) {
            blockLargest[p / blockSize] = Float.NEGATIVE_INFINITY;
        }
        tournament.update(p);
        return key;
    }

    /** The point whose key made it join the tree (or -1). */
    int parent(int p) {
        return parent[p];
    }

    /** Whether every point of the block of points [b * blockSize, (b + 1) * blockSize) is in the tree. */
    boolean allInTree(int b) {
        return outside[b] == 0;
    }

    /**
     * Per block of points, a float not below any upper end in it: a block whose distance
     * bounds are all at least that cannot lower a key. Writable: a step that reads a block's upper
     * ends records a float above their largest.
     */
    float[] blockLargest() {
        return blockLargest;
    }

    /**
     * The point outside the tree with the smallest finite exact key (the lowest index on
     * ties), with that key made exact, or -1.
     */
    int lowest() {
        while (true) {
            int w = tournament.winner();
            if (w < 0 || !(lower[w] < Double.POSITIVE_INFINITY)) {
                return -1;
            }
            if (exact[w]) {
                return w;
            }
            // Its exact key may be above another point's lower end: settle it and look again.
            makeExact(w);
            tournament.update(w);
        }
    }

    private void makeExact(int v) {
        if (!exact[v]) {
            double d = distances.distance(parent[v], v);
            lower[v] = d;
            upper[v] = d;
            exact[v] = true;
        }
    }
}
