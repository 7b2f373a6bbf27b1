package org.mint4j.gmi;

import java.util.Arrays;

/**
 * Prim's next point: the point with the smallest key, kept by a tournament tree over the keys, so
 * that a changed key costs a replay of its path (log time, often cut short) and the winner is read
 * in constant time. On equal keys the lower point index wins, which makes every tree fully
 * determined. A NaN key (a point already in the tree) never wins.
 */
final class KeyTournament {

    /** The keys by point; write one, then {@link #update} it. */
    final double[] keys;
    /** winner[i]: the point that wins node i's leaves; the leaves start at {@code leaves}. */
    private final int[] winner;
    private int leaves;

    /** A tournament for up to {@code capacity} points; reuse it across trees. */
    KeyTournament(int capacity) {
        keys = new double[capacity];
        winner = new int[2 * leavesFor(capacity)];
    }

    private static int leavesFor(int points) {
        return Integer.highestOneBit(Math.max(1, points - 1)) * 2;
    }

    /** Points [0, points) with infinite keys. */
    void reset(int points) {
        Arrays.fill(keys, 0, points, Double.POSITIVE_INFINITY);
        leaves = leavesFor(points);
        for (int p = 0; p < leaves; p++) {
            winner[leaves + p] = p < points ? p : -1;
        }
        for (int i = leaves - 1; i >= 1; i--) {
            winner[i] = better(winner[2 * i], winner[2 * i + 1]);
        }
    }

    /**
     * The point with the smallest key (the lowest index on ties); when every key is NaN, some
     * point or -1, so callers check the key.
     */
    int winner() {
        return winner[1];
    }

    /** Replays p's matches after its key changed, up to the first node whose winner, not p, stays. */
    void update(int p) {
        for (int i = (leaves + p) >>> 1; i >= 1; i >>>= 1) {
            int before = winner[i];
            int after = better(winner[2 * i], winner[2 * i + 1]);
            winner[i] = after;
            if (after == before && after != p) {
                return;
            }
        }
    }

    /** Of points a and b (a below b), the one with the lower key, a on ties; a if neither counts. */
    private int better(int a, int b) {
        if (b < 0 || Double.isNaN(keys[b])) {
            return a;
        }
        if (a < 0 || Double.isNaN(keys[a])) {
            return b;
        }
        return keys[b] < keys[a] ? b : a;
    }
}
