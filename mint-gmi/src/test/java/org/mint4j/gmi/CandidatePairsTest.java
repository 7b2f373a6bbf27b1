package org.mint4j.gmi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Prim over {@link SharedTree}'s candidate pairs gives the dense Prim's tree bit for bit, with a
 * tree per parent group and with a tree per child group, on ReLU-like activations (many exact
 * zeros, so equal distances and their tie-breaking are exercised).
 */
class CandidatePairsTest {

    private static final int N = 900;
    private static final int PARENTS = 24;
    private static final int CHILDREN = 8;

    /**
     * Parents and children; {@code childScale} sets whose distances dominate. Values are multiples
     * of 1/4, so that many distances are exactly equal (the Gram kernel computes them exactly) and
     * Prim's ties, between keys and between parents, decide trees.
     */
    private static Matrix[] layerPair(long seed, double childScale) {
        Random rng = new Random(seed);
        double[] p = new double[N * PARENTS];
        double[] c = new double[N * CHILDREN];
        for (int r = 0; r < N; r++) {
            for (int k = 0; k < PARENTS; k++) {
                p[r * PARENTS + k] = Math.max(0, rng.nextGaussian() + (k > 0 ? 0.5 * p[r * PARENTS + k - 1] : 0));
            }
            for (int k = 0; k < CHILDREN; k++) {
                c[r * CHILDREN + k] = childScale * Math.max(0, p[r * PARENTS + k] - p[r * PARENTS + (5 * k + 2) % PARENTS]
                        + 0.3 * rng.nextGaussian());
            }
        }
        for (double[] values : new double[][] {p, c}) {
            for (int k = 0; k < values.length; k++) {
                values[k] = Math.rint(4 * values[k]) / 4;
            }
        }
        return new Matrix[] {new Matrix(N, PARENTS, p), new Matrix(N, CHILDREN, c)};
    }

    private static PairScores score(Matrix[] pair, long candidateLimit) {
        return new LayerPairScorer(new EstimatorOptions(2, false, 0), (done, total) -> { }, candidateLimit)
                .score(pair[0], pair[1], ColumnGroups.sequential(PARENTS, 12), ColumnGroups.sequential(CHILDREN, 4));
    }

    @Test
    void scoresEqualDensePrimsBitForBitWhicheverDistancesDominate() {
        for (double childScale : new double[] {0.1, 30.0}) {
            Matrix[] pair = layerPair(7, childScale);
            // A limit of 0 leaves no candidates: every tree is Prim over all pairs.
            PairScores dense = score(pair, 0);
            // The default limit, and one so small that only some child groups fit (the rest dense).
            for (long limit : new long[] {-1, 2000}) {
                PairScores scores = score(pair, limit);
                for (int i = 0; i < dense.childGroups(); i++) {
                    for (int j = 0; j < dense.parentGroups(); j++) {
                        GmiResult expected = dense.result(i, j);
                        GmiResult actual = scores.result(i, j);
                        String where = "child scale " + childScale + ", limit " + limit + ", pair " + i + "," + j;
                        assertEquals(expected.r(), actual.r(), where);
                        assertEquals(Double.doubleToLongBits(expected.mstWeight()),
                                Double.doubleToLongBits(actual.mstWeight()), where);
                    }
                }
            }
        }
    }

    @Test
    void aParentGroupsTreeLeavesFewPairsWhenTheParentsDominate() {
        Matrix[] pair = layerPair(11, 0.1);
        SampleSplit split = SampleSplit.of(N);
        int[] rows = split.pointRows();
        int points = split.points();
        PointCoordinates group = PointCoordinates.gather(pair[0], new int[] {0, 1}, rows);
        PointCoordinates child = PointCoordinates.gather(pair[1], new int[] {0, 1}, rows);
        DistanceRows shared = new DistanceRows(SquaredDistances.within(pair[0], rows, 1), points, group, group,
                group, group);
        SharedTree tree = SharedTree.of(shared);
        CandidatePairs.Estimate estimate = new CandidatePairs.Estimate(shared, child, PointCoordinates.NONE);
        double largest = tree.largestIncrease(estimate);
        long all = (long) points * (points - 1) / 2;
        CandidatePairs pairs = tree.pairsWithin(largest, null, (int) all);
        assertNotNull(pairs);
        assertTrue(pairs.size() < all / 20, pairs.size() + " candidate pairs of " + all);
        assertNull(tree.pairsWithin(largest, null, pairs.size() - 1), "more pairs than the limit give null");
        assertSameTree(shared, child, pairs, estimate, largest, points, split.m());
    }

    @Test
    void aChildGroupsTreeLeavesFewPairsWhenTheChildrenDominate() {
        Matrix[] pair = layerPair(13, 30.0);
        SampleSplit split = SampleSplit.of(N);
        int[] rows = split.pointRows();
        int points = split.points();
        double[] parentPoints = SquaredDistances.within(pair[0], rows, 1);
        PointCoordinates child = PointCoordinates.gather(pair[1], new int[] {0, 1}, rows);
        SharedTree tree = SharedTree.of(new DistanceRows(parentPoints, points, PointCoordinates.NONE,
                PointCoordinates.NONE, child, child));
        // Parent group {3}: its distance at the points' rows taken away, at other rows (a shuffle) added.
        int[] donorRows = rows.clone();
        Random rng = new Random(3);
        for (int p = points - 1; p > 0; p--) {
            int q = rng.nextInt(p + 1);
            int t = donorRows[p];
            donorRows[p] = donorRows[q];
            donorRows[q] = t;
        }
        PointCoordinates group = PointCoordinates.gather(pair[0], new int[] {3}, rows);
        PointCoordinates groupElsewhere = PointCoordinates.gather(pair[0], new int[] {3}, donorRows);
        DistanceRows shared = new DistanceRows(parentPoints, points, group, group, groupElsewhere, groupElsewhere);
        CandidatePairs.Estimate estimate = new CandidatePairs.Estimate(shared, child, group);
        double largest = tree.largestIncrease(estimate);
        float[] allowance = new float[points * points];
        for (int a = 0; a < points; a++) {
            for (int b = 0; b < points; b++) {
                allowance[a * points + b] = Math.nextUp((float) DistanceRows.plusTerms(group, group, a, b, 0.0));
            }
        }
        long all = (long) points * (points - 1) / 2;
        CandidatePairs pairs = tree.pairsWithin(largest, allowance, (int) all);
        assertTrue(pairs.size() < all / 4, pairs.size() + " candidate pairs of " + all);
        assertSameTree(shared, child, pairs, estimate, largest, points, split.m());
    }

    private static void assertSameTree(DistanceRows shared, PointCoordinates child, CandidatePairs pairs,
            CandidatePairs.Estimate estimate, double largest, int points, int m) {
        float[] bounds = new float[points * points];
        float[] minima = BoundedDistanceRows.blockMinimaFor(points);
        shared.fillLowerBounds(bounds, minima, 2);
        FriedmanRafsky denseTree = new FriedmanRafsky(points);
        GmiResult dense = denseTree.count(new BoundedDistanceRows(bounds, minima, shared, child), m);
        CandidatePairs.Graph graph = new CandidatePairs.Graph();
        pairs.graphFor(estimate, largest, graph);
        FriedmanRafsky sparseTree = new FriedmanRafsky(points);
        GmiResult sparse = sparseTree.count(graph, points, m);
        // The same edges (every point's parent, so ties broke alike), hence the same R and weight.
        assertArrayEquals(denseTree.lastParents(), sparseTree.lastParents());
        assertEquals(dense.r(), sparse.r());
        assertEquals(Double.doubleToLongBits(dense.mstWeight()), Double.doubleToLongBits(sparse.mstWeight()));
    }
}
