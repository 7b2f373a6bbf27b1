package org.mint4j.gmi;

import java.util.Arrays;

/**
 * Pairs of points that may be tree edges ({@link SharedTree#pairsWithin}), each with its base
 * distance entry (read once), its distance in the tree's terms, and the height h of the merge that
 * joins its points; and, per estimate, the graph of those whose exact distance is within the bound, as
 * adjacency lists.
 */
final class CandidatePairs {

    /**
     * Relative slack on the bound h + M: it covers the roundings of the distances and of M (a few
     * units in the last place), by far.
     */
    private static final double SLACK = 0x1p-30;

    /**
     * One estimate's distances: the parent group's shared distances plus the child group's squared
     * distance, computed exactly as the dense Prim computes them; and, from a tree's distance, a
     * cheap lower bound of them, which is never below it by more than the squared distance over
     * {@code lessened} (none, or the parent group's columns at the points' own rows).
     */
    static final class Estimate {
        private final DistanceRows shared;
        private final PointCoordinates child;
        private final PointCoordinates lessened;

        Estimate(DistanceRows shared, PointCoordinates child, PointCoordinates lessened) {
            this.shared = shared;
            this.child = child;
            this.lessened = lessened;
        }

        /** The exact distance between points a and b, from their base entry. */
        double exact(int a, int b, double baseValue) {
            return DistanceRows.plusTerms(child, child, a, b, shared.at(a, b, baseValue));
        }

        /** A number not above {@link #exact}, from the tree's distance between a and b. */
        double lowerBound(int a, int b, double treeDistance) {
            return below(treeDistance, DistanceRows.plusTerms(lessened, lessened, a, b, 0.0));
        }

        /** Whether this estimate's exact distances take their base entries from {@code rows}'s. */
        boolean readsBaseOf(DistanceRows rows) {
            return shared.sharesBase(rows);
        }
    }

    /**
     * A number not above any distance that is at most {@code lessening} below {@code distance} up
     * to the roundings of the distances' sums (relative to the larger of the two, by far).
     */
    static double below(double distance, double lessening) {
        return distance - lessening - (Math.abs(distance) + lessening) * SLACK;
    }

    private final int points;
    private final double largestIncrease;
    private int size;
    private int[] a = new int[1024];
    private int[] b = new int[1024];
    private double[] base = new double[1024];
    private double[] treeDistance = new double[1024];
    private double[] height = new double[1024];

    /** Pairs between {@code points} points, for the estimates whose M is at most {@code largestIncrease}. */
    CandidatePairs(int points, double largestIncrease) {
        this.points = points;
        this.largestIncrease = largestIncrease;
    }

    /** h + M, raised a little to cover rounding: no distance of a pair that a tree can take is above it. */
    static double bound(double mergeHeight, double largestIncrease) {
        return mergeHeight + largestIncrease + (Math.abs(mergeHeight) + Math.abs(largestIncrease)) * SLACK;
    }

    /** The largest M of the estimates these pairs serve. */
    double largestIncrease() {
        return largestIncrease;
    }

    int size() {
        return size;
    }

    void add(int from, int to, double baseValue, double distance, double mergeHeight) {
        if (size == a.length) {
            int grown = size * 2;
            a = Arrays.copyOf(a, grown);
            b = Arrays.copyOf(b, grown);
            base = Arrays.copyOf(base, grown);
            treeDistance = Arrays.copyOf(treeDistance, grown);
            height = Arrays.copyOf(height, grown);
        }
        a[size] = from;
        b[size] = to;
        base[size] = baseValue;
        treeDistance[size] = distance;
        height[size] = mergeHeight;
        size++;
    }

    /**
     * Fills {@code graph} with the pairs whose exact distance is at most h + {@code
     * largestIncrease}: the only ones that the estimate's tree can take, when {@code
     * largestIncrease} is its M ({@link SharedTree#largestIncrease}).
     */
    void graphFor(Estimate estimate, double largestIncrease, Graph graph) {
        if (!(largestIncrease <= this.largestIncrease)) {
            throw new IllegalArgumentException("these pairs serve M up to " + this.largestIncrease + "; got "
                    + largestIncrease);
        }
        graph.reset(points, size);
        int[] kept = graph.kept;
        double[] keptDistance = graph.keptDistance;
        int count = 0;
        int[] offsets = graph.offsets;
        for (int k = 0; k < size; k++) {
            double bound = bound(height[k], largestIncrease);
            if (estimate.lowerBound(a[k], b[k], treeDistance[k]) > bound) {
                continue;
            }
            double d = estimate.exact(a[k], b[k], base[k]);
            if (d <= bound) {
                keptDistance[count] = d;
                kept[count++] = k;
                offsets[a[k] + 1]++;
                offsets[b[k] + 1]++;
            }
        }
        for (int p = 0; p < points; p++) {
            offsets[p + 1] += offsets[p];
        }
        int[] fill = graph.fill;
        System.arraycopy(offsets, 0, fill, 0, points);
        for (int i = 0; i < count; i++) {
            int k = kept[i];
            int at = fill[a[k]]++;
            graph.targets[at] = b[k];
            graph.distances[at] = keptDistance[i];
            at = fill[b[k]]++;
            graph.targets[at] = a[k];
            graph.distances[at] = keptDistance[i];
        }
    }

    /**
     * Adjacency lists: point p's neighbours are targets[offsets[p], offsets[p + 1]), at the exact
     * distances beside them (distances are symmetric bit for bit, so each pair's serves both ways).
     */
    static final class Graph {
        int[] offsets = new int[0];
        int[] targets = new int[0];
        double[] distances = new double[0];
        private int[] kept = new int[0];
        private double[] keptDistance = new double[0];
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
                keptDistance = new double[pairs];
                targets = new int[2 * pairs];
                distances = new double[2 * pairs];
            }
        }
    }
}
