package org.mint4j.gmi;

import java.util.Arrays;

/**
 * Prim's keys, each point's squared distance to the tree, and parents, kept from float-bounded
 * distances so that exact distances are computed rarely, while the tree stays bitwise that of
 * exact distances.
 *
 * <p>A key is an interval [lower, upper] around the exact distance from its parent: lowered from a
 * bound, it is the bound and the bound plus its error margin; it is made exact only when it may
 * be the smallest key or when a comparison needs it. A tournament tree over the lower ends gives
 * the next point in log time (keys change rarely once the tree has grown); on equal keys the point
 * with the lowest original index wins, whatever the order of positions. A point in the tree has
 * a NaN lower end, which no comparison selects, and an upper end of minus infinity, which nothing
 * lowers; blocks of positions whose points are all in the tree can be skipped. Upper ends never
 * rise, so a block's largest upper end, once read, stays an upper bound of them.
 */
final class PrimKeys {

    /** Exact squared distances between positions. */
    @FunctionalInterface
    interface Exact {
        double distance(int u, int v);
    }

    private final int blockSize;
    private final double[] lower;
    private final double[] upper;
    private final boolean[] exact;
    private final int[] parent;
    /** winner[i]: the position that wins node i's leaves; the leaves start at {@code leaves}. */
    private final int[] winner;
    /** Points outside the tree in each block of positions. */
    private final int[] outside;
    /** Per block, a float not below any of its upper ends, as last read (minus infinity once all are in the tree). */
    private final float[] blockLargest;
    private int leaves;
    private int blocks;
    private int firstOpenBlock;
    private PointOrder order;
    private Exact distances;

    /** Keys for up to {@code capacity} points; reuse them across trees. */
    PrimKeys(int capacity, int blockSize) {
        this.blockSize = blockSize;
        lower = new double[capacity];
        upper = new double[capacity];
        exact = new boolean[capacity];
        parent = new int[capacity];
        winner = new int[2 * leavesFor(capacity)];
        outside = new int[(capacity + blockSize - 1) / blockSize];
        blockLargest = new float[outside.length];
    }

    private static int leavesFor(int points) {
        return Integer.highestOneBit(Math.max(1, points - 1)) * 2;
    }

    /** All keys of the points of {@code order} infinite, none in the tree. */
    void reset(PointOrder order, Exact distances) {
        this.order = order;
        this.distances = distances;
        int points = order.size();
        Arrays.fill(lower, 0, points, Double.POSITIVE_INFINITY);
        Arrays.fill(upper, 0, points, Double.POSITIVE_INFINITY);
        Arrays.fill(exact, 0, points, true);
        Arrays.fill(parent, 0, points, -1);
        leaves = leavesFor(points);
        for (int p = 0; p < leaves; p++) {
            winner[leaves + p] = p < points ? p : -1;
        }
        for (int i = leaves - 1; i >= 1; i--) {
            winner[i] = better(winner[2 * i], winner[2 * i + 1]);
        }
        blocks = (points + blockSize - 1) / blockSize;
        for (int b = 0; b < blocks; b++) {
            outside[b] = Math.min(blockSize, points - b * blockSize);
        }
        Arrays.fill(blockLargest, 0, blocks, Float.POSITIVE_INFINITY);
        firstOpenBlock = 0;
    }

    /**
     * The upper ends by position, for reading: a distance bound not below a point's upper end
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
        replay(v);
    }

    /** Takes the point at position p into the tree; returns its exact key. */
    double remove(int p) {
        double key = lower[p];
        lower[p] = Double.NaN;
        upper[p] = Double.NEGATIVE_INFINITY;
        if (--outside[p / blockSize] == 0) {
            blockLargest[p / blockSize] = Float.NEGATIVE_INFINITY;
        }
        while (firstOpenBlock < blocks && outside[firstOpenBlock] == 0) {
            firstOpenBlock++;
        }
        replay(p);
        return key;
    }

    /** The position whose key made it join the tree (or -1). */
    int parent(int p) {
        return parent[p];
    }

    /** Whether every point of the block of positions [b * blockSize, (b + 1) * blockSize) is in the tree. */
    boolean allInTree(int b) {
        return outside[b] == 0;
    }

    /**
     * Per block of positions, a float not below any upper end in it: a block whose distance
     * bounds are all at least that cannot lower a key. Writable: a step that reads a block's upper
     * ends records a float above their largest.
     */
    float[] blockLargest() {
        return blockLargest;
    }

    /**
     * The first position of the first block with a point outside the tree: in a good order the
     * tree is mostly a prefix, which a step then does not even visit.
     */
    int firstOpen() {
        return firstOpenBlock * blockSize;
    }

    /**
     * The position outside the tree with the smallest finite exact key (the lowest original index on
     * ties), with that key made exact, or -1.
     */
    int lowest() {
        while (true) {
            int w = winner[1];
            if (w < 0 || !(lower[w] < Double.POSITIVE_INFINITY)) {
                return -1;
            }
            if (exact[w]) {
                return w;
            }
            // Its exact key may be above another point's lower end: settle it and look again.
            makeExact(w);
            replay(w);
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

    /** Replays p's matches after its key changed, up to the first node whose winner, not p, stays. */
    private void replay(int p) {
        for (int i = (leaves + p) >>> 1; i >= 1; i >>>= 1) {
            int before = winner[i];
            int after = better(winner[2 * i], winner[2 * i + 1]);
            winner[i] = after;
            if (after == before && after != p) {
                return;
            }
        }
    }

    /** Of positions a and b, the one with the lower key, then the lower original index; a if neither counts. */
    private int better(int a, int b) {
        if (b < 0 || Double.isNaN(lower[b])) {
            return a;
        }
        if (a < 0 || Double.isNaN(lower[a])) {
            return b;
        }
        return lower[b] < lower[a] || lower[b] == lower[a] && order.original(b) < order.original(a) ? b : a;
    }
}
