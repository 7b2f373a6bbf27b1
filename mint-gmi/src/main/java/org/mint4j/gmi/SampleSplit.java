package org.mint4j.gmi;

/**
 * The positional split of n rows: half A = [0, h), half B = [h, n23), S1 = [n23, n), where
 * n23 = floor(2n/3) and h = floor(n23/2). The tree's points are S1 (indices [0, m)) followed by
 * the bootstrap set built from A (indices [m, m + k)).
 */
record SampleSplit(int n, int n23, int h) {

    static final int MIN_ROWS = 6;

    static SampleSplit of(int n) {
        if (n < MIN_ROWS) {
            throw new IllegalArgumentException("the estimator needs at least " + MIN_ROWS + " rows, got " + n);
        }
        int n23 = (2 * n) / 3;
        return new SampleSplit(n, n23, n23 / 2);
    }

    /** Size of S1. */
    int m() {
        return n - n23;
    }

    /** Size of half A, which is also the size of the bootstrap set. */
    int k() {
        return h;
    }

    /** Size of half B. */
    int sizeB() {
        return n23 - h;
    }

    /** Number of tree points. */
    int points() {
        return m() + k();
    }

    /** The input row whose X and Z a tree point carries: S1 rows, then A rows. */
    int[] pointRows() {
        int[] rows = new int[points()];
        for (int p = 0; p < m(); p++) {
            rows[p] = n23 + p;
        }
        for (int a = 0; a < k(); a++) {
            rows[m() + a] = a;
        }
        return rows;
    }

    /** The input row whose Y a tree point carries, given each A row's donor index into half B. */
    int[] yRows(int[] donorIntoB) {
        int[] rows = pointRows();
        for (int a = 0; a < k(); a++) {
            rows[m() + a] = h + donorIntoB[a];
        }
        return rows;
    }

    int[] rowsA() {
        return range(0, h);
    }

    int[] rowsB() {
        return range(h, n23);
    }

    private static int[] range(int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return rows;
    }
}
