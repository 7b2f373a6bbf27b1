package org.mint4j.gmi;

import java.util.Arrays;

/**
 * A minimum spanning tree of distances R that many estimates share, and from it the only pairs of
 * points that an estimate's tree can take when the estimate's distances D stay close to R. The
 * layer-pair scorer builds one per parent group (R = the (Z, Y) distances, D = R + the child
 * group's squared distance) or, where the child groups' distances dominate, one per child group (R
 * = the distances over all parents and the child group; D = R minus group j's squared distance at
 * the points' own rows plus the same at the bootstrap's rows).
 *
 * <p>Why that is exact. Prim, as {@link FriedmanRafsky} builds it, only ever takes an edge (a, b)
 * whose distance D(a, b) is at most the minimax distance between a and b (the smallest, over all
 * paths from a to b, of the path's largest distance): the edge it takes has the smallest distance
 * across the cut between the tree and the rest, and every path from a to b crosses that cut. The
 * path from a to b in this tree bounds that minimax by h(a, b) + M, where h(a, b) is the largest R
 * on the path and M the largest increase D - R over this tree's edges. If D(a, b) is at least R(a,
 * b) minus an allowance A(a, b) (zero when D adds a squared distance to R), Prim can only take
 * pairs with R(a, b) at most h(a, b) + M + A(a, b), and of those only the ones with D(a, b) at most
 * h(a, b) + M. Every pair at the smallest distance across a cut is among them, so Prim over those
 * alone takes the same points, with the same keys and parents, ties included, as Prim over all
 * pairs. On the recorded activations of the paper's networks that leaves about 0.1% of the pairs
 * with a tree per parent group, 0.5% to 3% with a tree per child group.
 *
 * <p>h(a, b) is read from the single-linkage dendrogram of the tree (its edges merged in order of
 * distance): the height of the merge that first joins a and b. With the points in the
 * dendrogram's leaf order, every merge joins two contiguous ranges, so the pairs it joins are
 * enumerated range by range.
 */
final class SharedTree {

    private final DistanceRows shared;
    private final int points;
    /** The tree's edges, child and parent point. */
    private final int[] edgeChild;
    private final int[] edgeParent;
    private final double[] edgeDistance;
    /** Nodes [0, points) are the points, nodes points + k the k-th merge; the parent node, or -1. */
    private final int[] up;
    /** Per merge: its height (the R of its edge), and its two nodes. */
    private final double[] height;
    private final int[] left;
    private final int[] right;
    /** Per node: its first leaf position and its number of leaves. */
    private final int[] start;
    private final int[] size;
    /** The points in leaf order. */
    private final int[] leaves;

    private SharedTree(DistanceRows shared, int[] edgeChild, int[] edgeParent, double[] edgeDistance) {
        this.shared = shared;
        this.points = shared.targets();
        this.edgeChild = edgeChild;
        this.edgeParent = edgeParent;
        this.edgeDistance = edgeDistance;
        int merges = points - 1;
        up = new int[points + merges];
        height = new double[merges];
        left = new int[merges];
        right = new int[merges];
        start = new int[points + merges];
        size = new int[points + merges];
        leaves = new int[points];
        Arrays.fill(up, -1);
        Integer[] byDistance = new Integer[merges];
        for (int e = 0; e < merges; e++) {
            byDistance[e] = e;
        }
        Arrays.sort(byDistance, (e, f) -> Double.compare(edgeDistance[e], edgeDistance[f]));
        int[] root = new int[points];
        int[] nodeOfRoot = new int[points];
        for (int p = 0; p < points; p++) {
            root[p] = p;
            nodeOfRoot[p] = p;
            size[p] = 1;
        }
        for (int k = 0; k < merges; k++) {
            int e = byDistance[k];
            int ra = find(root, edgeChild[e]);
            int rb = find(root, edgeParent[e]);
            int node = points + k;
            left[k] = nodeOfRoot[ra];
            right[k] = nodeOfRoot[rb];
            height[k] = edgeDistance[e];
            up[left[k]] = node;
            up[right[k]] = node;
            size[node] = size[left[k]] + size[right[k]];
            root[rb] = ra;
            nodeOfRoot[ra] = node;
        }
        // Top down (later merges first), each node's range splits into its left and right child's.
        for (int k = merges - 1; k >= 0; k--) {
            int node = points + k;
            start[left[k]] = start[node];
            start[right[k]] = start[node] + size[left[k]];
        }
        for (int p = 0; p < points; p++) {
            leaves[start[p]] = p;
        }
    }

    private static int find(int[] root, int p) {
        while (root[p] != p) {
            root[p] = root[root[p]];
            p = root[p];
        }
        return p;
    }

    /** The minimum spanning tree of {@code shared}'s distances between its points (dense Prim). */
    static SharedTree of(DistanceRows shared) {
        int points = shared.targets();
        if (points < 2) {
            throw new IllegalArgumentException("a tree needs at least 2 points; got " + points);
        }
        double[] key = new double[points];
        int[] parent = new int[points];
        double[] row = new double[points];
        Arrays.fill(key, Double.POSITIVE_INFINITY);
        int[] edgeChild = new int[points - 1];
        int[] edgeParent = new int[points - 1];
        double[] edgeDistance = new double[points - 1];
        int u = 0;
        for (int step = 0; step < points; step++) {
            if (step > 0) {
                edgeChild[step - 1] = u;
                edgeParent[step - 1] = parent[u];
                edgeDistance[step - 1] = key[u];
            }
            key[u] = Double.NaN; // in the tree: no comparison below selects it
            if (step + 1 == points) {
                break;
            }
            shared.fill(u, row);
            int next = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int v = 0; v < points; v++) {
                if (row[v] < key[v]) {
                    key[v] = row[v];
                    parent[v] = u;
                }
                if (key[v] < best) {
                    best = key[v];
                    next = v;
                }
            }
            if (next < 0) {
                throw new IllegalArgumentException("a distance is infinite or NaN; expected finite distances");
            }
            u = next;
        }
        return new SharedTree(shared, edgeChild, edgeParent, edgeDistance);
    }

    /**
     * M: the largest increase, over this tree's edges, from this tree's distance to an estimate's
     * exact one (given the base entries of this tree's distances).
     */
    double largestIncrease(CandidatePairs.Estimate estimate) {
        if (!estimate.readsBaseOf(shared)) {
            throw new IllegalArgumentException("the estimate's distances must read the tree's base distances");
        }
        double largest = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < edgeChild.length; e++) {
            int a = edgeParent[e];
            int b = edgeChild[e];
            largest = Math.max(largest, estimate.exact(a, b, shared.base(a, b)) - edgeDistance[e]);
        }
        return largest;
    }

    /**
     * The pairs whose distance here is at most h(a, b) + {@code largestIncrease} + {@code
     * allowance[a * points + b]} ({@link CandidatePairs#bound}): those that the trees of the
     * estimates whose M is at most {@code largestIncrease} can take, when an estimate's distance
     * is never below this tree's by more than the allowance (none if null); or null if there are
     * more than {@code limit}.
     */
    CandidatePairs pairsWithin(double largestIncrease, float[] allowance, int limit) {
        CandidatePairs pairs = new CandidatePairs(points, largestIncrease);
        double[] row = new double[points];
        for (int a = 0; a < points; a++) {
            shared.fill(a, row);
            int allowanceRow = a * points;
            // Each pair once: from the point in the left part of the merge that joins them.
            for (int node = a; up[node] >= 0; node = up[node]) {
                int k = up[node] - points;
                if (left[k] != node) {
                    continue;
                }
                double bound = CandidatePairs.bound(height[k], largestIncrease);
                for (int q = start[right[k]], end = q + size[right[k]]; q < end; q++) {
                    int b = leaves[q];
                    if (row[b] <= bound || allowance != null
                            && CandidatePairs.below(row[b], allowance[allowanceRow + b]) <= bound) {
                        if (pairs.size() == limit) {
                            return null;
                        }
                        pairs.add(a, b, shared.base(a, b), row[b], height[k]);
                    }
                }
            }
        }
        return pairs;
    }
}
