package org.mint4j.gmi;

import java.util.Arrays;

/**
 * Prim's keys (each point's squared distance to the tree) with the lowest one kept by a tournament
 * tree, so that a step finds the next point in log time instead of rescanning every key; keys
 * change rarely once the tree has grown. On equal keys the point with the lowest original index
 * wins, whatever the order of positions. A point in the tree has a NaN key, which no comparison
 * selects or lowers; blocks of positions whose points are all in the tree can be skipped.
 */
final class PrimKeys {

    private final int blockSize;
    private final double[] key;
    /** winner[i]: the position that wins node i's leaves; the leaves start at {@code leaves}. */
    private final int[] winner;
    /** Points outside the tree in each block of positions. */
    private final int[] outside;
    private int leaves;
    private int blocks;
    private int firstOpenBlock;
    private PointOrder order;

    /** Keys for up to {@code capacity} points; reuse them across trees. */
    PrimKeys(int capacity, int blockSize) {
        this.blockSize = blockSize;
        key = new double[capacity];
        winner = new int[2 * leavesFor(capacity)];
        outside = new int[(capacity + blockSize - 1) / blockSize];
    }

    private static int leavesFor(int points) {
        return Integer.highestOneBit(Math.max(1, points - 1)) * 2;
    }

    /** All keys of the points of {@code order} infinite, none in the tree. */
    void reset(PointOrder order) {
        this.order = order;
        int points = order.size();
        Arrays.fill(key, 0, points, Double.POSITIVE_INFINITY);
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
        firstOpenBlock = 0;
    }

    /** The keys by position, for reading; change them only through {@link #lower} and {@link #remove}. */
    double[] values() {
        return key;
    }

    void lower(int p, double distance) {
        key[p] = distance;
        replay(p);
    }

    /** Takes the point at position p into the tree. */
    void remove(int p) {
        key[p] = Double.NaN;
        outside[p / blockSize]--;
        while (firstOpenBlock < blocks && outside[firstOpenBlock] == 0) {
            firstOpenBlock++;
        }
        replay(p);
    }

    /**
     * The first position of the first block with a point outside the tree: in a good order the
     * tree is mostly a prefix, which a step then does not even visit.
     */
    int firstOpen() {
        return firstOpenBlock * blockSize;
    }

    /** Whether every point of the block of positions [b * blockSize, (b + 1) * blockSize) is in the tree. */
    boolean allInTree(int b) {
        return outside[b] == 0;
    }

    /** The position outside the tree with the lowest finite key, or -1. */
    int lowest() {
        int w = winner[1];
        return w >= 0 && key[w] < Double.POSITIVE_INFINITY ? w : -1;
    }

    private void replay(int p) {
        for (int i = (leaves + p) >>> 1; i >= 1; i >>>= 1) {
            winner[i] = better(winner[2 * i], winner[2 * i + 1]);
        }
    }

    /** Of positions a and b, the one with the lower key, then the lower original index; a if neither counts. */
    private int better(int a, int b) {
        if (b < 0 || Double.isNaN(key[b])) {
            return a;
        }
        if (a < 0 || Double.isNaN(key[a])) {
            return b;
        }
        return key[b] < key[a] || key[b] == key[a] && order.original(b) < order.original(a) ? b : a;
    }
}
