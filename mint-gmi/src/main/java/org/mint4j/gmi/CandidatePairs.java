package org.mint4j.gmi;

import java.util.Arrays;

/**
 * Pairs of points that may be tree edges ({@link SharedTree#pairsWithin}), each with its shared
 * distance S and the height h of the merge that joins its points; and, per child group, the
 * graph of those that may be edges of that group's tree, as adjacency lists.
 */
final class CandidatePairs {

    /**
     * Relative slack on the bound h + M: it covers the roundings of S + E (a few units in the last
     * place), by far.
     */
    private static final double SLACK = 0x1p-30;

    private final int points;
    private final double largestAdded;
    private int size;
    private int[] a = new int[1024];
    private int[] b = new int[1024];
    private double[] shared = new double[1024];
    private double[] height = new double[1024];

    /** Pairs between {@code points} points for the added distances whose M is at most {@code largestAdded}. */
    CandidatePairs(int points, double largestAdded) {
        this.points = points;
        this.largestAdded = largestAdded;
    }

    /** The largest M of the added distances these pairs serve. */
    double largestAdded() {
        return largestAdded;
    }

    /** h + M, raised a little to cover rounding: no S + E of a pair that a tree can take is above it. */
    static double bound(double mergeHeight, double largestAdded) {
        return (mergeHeight + largestAdded) * (1 + SLACK);
    }

    int size() {
        return size;
    }

    void add(int from, int to, double sharedDistance, double mergeHeight) {
        if (size == a.length) {
            int grown = Math.max(size * 2, 1024);
            a = Arrays.copyOf(a, grown);
            b = Arrays.copyOf(b, grown);
            shared = Arrays.copyOf(shared, grown);
            height = Arrays.copyOf(height, grown);
        }
        a[size] = from;
        b[size] = to;
        shared[size] = sharedDistance;
        height[size] = mergeHeight;
        size++;
    }

    /**
     * Fills {@code graph} with the pairs whose S + E, E the squared distance over {@code added},
     * is at most h + {@code largestAdded}: the only ones that the tree of S + E can take, when
     * {@code largestAdded} is E's largest over the shared tree's edges.
     */
    void graphFor(PointCoordinates added, double largestAdded, Graph graph) {
        if (!(largestAdded <= this.largestAdded)) {
            throw new IllegalArgumentException("these pairs serve M up to " + this.largestAdded + "; got " + largestAdded);
        }
        graph.reset(points, size);
        int[] kept = graph.kept;
        int count = 0;
        int[] degree = graph.offsets;
        for (int k = 0; k < size; k++) {
            double e = DistanceRows.plusTerms(added, added, a[k], b[k], 0.0);
            if (shared[k] + e <= bound(height[k], largestAdded)) {
                kept[count++] = k;
                degree[a[k] + 1]++;
                degree[b[k] + 1]++;
            }
        }
        int[] offsets = graph.offsets;
        for (int p = 0; p < points; p++) {
            offsets[p + 1] += offsets[p];
        }
        int[] fill = graph.fill;
        System.arraycopy(offsets, 0, fill, 0, points);
        for (int i = 0; i < count; i++) {
            int k = kept[i];
            int at = fill[a[k]]++;
            graph.targets[at] = b[k];
            graph.shared[at] = shared[k];
            at = fill[b[k]]++;
            graph.targets[at] = a[k];
            graph.shared[at] = shared[k];
        }
    }

    /** Adjacency lists: point p's neighbours are targets[offsets[p], offsets[p + 1]), with their S. */
    static final class Graph {
        int[] offsets = new int[0];
        int[] targets = new int[0];
        double[] shared = new double[0];
        private int[] kept = new int[0];
        private int[] fill = new int[0];

        private void reset(int points, int pairs) {
            if (offsets.length < points + 1) {
                offsets = new int[points + 1];
                fill = new int[points];
            } else {
                Arrays.fill(offsets, 0, points + 1, 0);
            }
            if (kept.length < pairs) {
                kept = new int[pairs];
                targets = new int[2 * pairs];
                shared = new double[2 * pairs];
            }
        }
    }
}
