package org.mint4j.gmi;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.mint4j.gmi.LayerPairScorer.ProgressListener;

/**
 * One call of {@link LayerPairScorer#score}: its shared distances, the choice between trees per
 * parent group and per child group, the results as they come, and the progress.
 */
final class LayerPairRun {

    /**
     * Candidate pairs a tree may keep, as a fraction of all pairs; child groups that would need
     * more get Prim over all pairs. Filtering a candidate costs about 5 times what Prim over all
     * pairs spends per pair, so past about 1/8 of the pairs the dense Prim is as fast.
     */
    private static final int CANDIDATE_SHARE = 8;
    /** And at most this many (about 70 bytes each with their graph): 280 MB per thread. */
    private static final long MAX_CANDIDATES = 4_000_000;

    private final ProgressListener progress;
    private final Matrix parents;
    private final ColumnGroups parentGroups;
    private final int from;
    private final int groups;
    private final int threads;
    private final int zComponents;
    private final SampleSplit split;
    private final int points;
    private final int[] pointRows;
    private final PrincipalComponents components;
    /** Distances over all parents, between halves A and B and between the tree points (null when Z is projected). */
    private final double[] parentAB;
    private final double[] parentPoints;
    private final PointCoordinates[] childAtPoints;
    private final int limit;
    private final GmiResult[][] results;
    private final AtomicInteger done = new AtomicInteger();

    /** @param candidateLimit candidate pairs a tree may keep (-1: the default share; 0: Prim over all pairs) */
    LayerPairRun(EstimatorOptions options, ProgressListener progress, long candidateLimit, Matrix parents,
            Matrix children, ColumnGroups parentGroups, ColumnGroups childGroups, int from, int to) {
        this.progress = progress;
        threads = options.threads();
        zComponents = options.zComponents();
        this.parents = parents;
        this.parentGroups = parentGroups;
        this.from = from;
        this.groups = to - from;
        split = SampleSplit.of(parents.rows());
        points = split.points();
        pointRows = split.pointRows();
        boolean projected = zComponents > 0;
        components = projected ? new PrincipalComponents(parents) : null;
        parentAB = projected ? null : SquaredDistances.between(parents, split.rowsA(), split.rowsB(), threads);
        parentPoints = projected ? null : SquaredDistances.within(parents, pointRows, threads);
        childAtPoints = new PointCoordinates[childGroups.count()];
        for (int i = 0; i < childAtPoints.length; i++) {
            childAtPoints[i] = PointCoordinates.gather(children, childGroups.columns(i), pointRows);
        }
        long all = (long) points * (points - 1) / 2;
        limit = (int) Math.min(candidateLimit >= 0 ? candidateLimit : Math.min(all / CANDIDATE_SHARE,
                MAX_CANDIDATES), Integer.MAX_VALUE - 8);
        results = new GmiResult[childGroups.count()][groups];
    }

    PairScores scores() {
        if (parentPoints != null && childGroupsDominate()) {
            perChildGroup();
        } else {
            perParentGroup();
        }
        return new PairScores(results);
    }

    /**
     * Parent group j's (Z, Y) distances, shared by all child groups: the Z distance plus group
     * j at the rows the bootstrap took Y from.
     */
    private DistanceRows sharedOf(int j) {
        int[] groupColumns = parentGroups.columns(from + j);
        if (components != null) {
            Matrix z = components.project(parentGroups.columnsOutside(from + j), zComponents);
            double[] zAB = SquaredDistances.between(z, split.rowsA(), split.rowsB(), 1);
            int[] donors = NearestNeighbourBootstrap.donors(new DistanceRows(zAB, split.sizeB(),
                    PointCoordinates.NONE, PointCoordinates.NONE, PointCoordinates.NONE, PointCoordinates.NONE),
                    split.k());
            PointCoordinates y = PointCoordinates.gather(parents, groupColumns, split.yRows(donors));
            return new DistanceRows(SquaredDistances.within(z, pointRows, 1), points, PointCoordinates.NONE,
                    PointCoordinates.NONE, y, y);
        }
        // Z distance = all parents minus group j at the points' own rows.
        int[] donors = NearestNeighbourBootstrap.donors(new DistanceRows(parentAB, split.sizeB(),
                PointCoordinates.gather(parents, groupColumns, split.rowsA()),
                PointCoordinates.gather(parents, groupColumns, split.rowsB()),
                PointCoordinates.NONE, PointCoordinates.NONE), split.k());
        PointCoordinates groupAtPoints = PointCoordinates.gather(parents, groupColumns, pointRows);
        PointCoordinates groupAtYRows = PointCoordinates.gather(parents, groupColumns, split.yRows(donors));
        return new DistanceRows(parentPoints, points, groupAtPoints, groupAtPoints, groupAtYRows, groupAtYRows);
    }

    /** Child group i's distances under parent group j's shared ones, for a tree per parent group. */
    private CandidatePairs.Estimate underParentTree(DistanceRows shared, int i) {
        return new CandidatePairs.Estimate(shared, childAtPoints[i], PointCoordinates.NONE);
    }

    private void record(int i, int j, GmiResult result) {
        results[i][j] = result;
        progress.completed(done.incrementAndGet(), results.length * groups);
    }

    /**
     * Whether a parent group's shared distances leave too many candidate pairs for its child
     * groups (tried on the first group): then the child groups' distances dominate, and a tree
     * per child group serves better.
     */
    private boolean childGroupsDominate() {
        DistanceRows shared = sharedOf(0);
        SharedTree tree = SharedTree.of(shared);
        double largest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < childAtPoints.length; i++) {
            largest = Math.max(largest, tree.largestIncrease(underParentTree(shared, i)));
        }
        return tree.pairsWithin(largest, null, limit) == null;
    }

    /**
     * A tree per parent group, whose candidate pairs serve its child groups; the child groups
     * with too many (the largest M first) get Prim over all pairs.
     */
    private void perParentGroup() {
        Parallel.forEach(groups, threads, () -> new Workspace(points), (work, j) -> {
            work.zy = sharedOf(j);
            SharedTree tree = SharedTree.of(work.zy);
            double[] largest = new double[childAtPoints.length];
            for (int i = 0; i < largest.length; i++) {
                largest[i] = tree.largestIncrease(underParentTree(work.zy, i));
            }
            CandidatePairs pairs = null;
            double[] sorted = largest.clone();
            Arrays.sort(sorted);
            for (int covered = sorted.length; covered > 0 && pairs == null; covered /= 2) {
                pairs = tree.pairsWithin(sorted[covered - 1], null, limit);
            }
            for (int i = 0; i < largest.length; i++) {
                if (pairs != null && largest[i] <= pairs.largestIncrease()) {
                    pairs.graphFor(underParentTree(work.zy, i), largest[i], work.graph);
                    record(i, j, work.tree.count(work.graph, points, split.m()));
                } else {
                    record(i, j, work.tree.count(work.allPairs(childAtPoints[i]), split.m()));
                }
            }
        });
    }

    /**
     * A tree per child group over its distances plus all parents', whose candidate pairs serve
     * every parent group (its distance at the points' rows taken away, at the bootstrap's rows
     * added: never less than the tree's distance minus the largest group distance between the
     * two points). A child group with too many gets Prim over all pairs.
     */
    private void perChildGroup() {
        DistanceRows[] shared = new DistanceRows[groups];
        Parallel.forEach(groups, threads, j -> shared[j] = sharedOf(j));
        PointCoordinates[] groupAtPoints = new PointCoordinates[groups];
        for (int j = 0; j < groups; j++) {
            groupAtPoints[j] = PointCoordinates.gather(parents, parentGroups.columns(from + j), pointRows);
        }
        float[] allowance = largestGroupDistances();
        boolean[] dense = new boolean[childAtPoints.length];
        Parallel.forEach(childAtPoints.length, threads, () -> new Workspace(points), (work, i) -> {
            SharedTree tree = SharedTree.of(new DistanceRows(parentPoints, points, PointCoordinates.NONE,
                    PointCoordinates.NONE, childAtPoints[i], childAtPoints[i]));
            double[] largest = new double[groups];
            double largestOfAll = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < groups; j++) {
                largest[j] = tree.largestIncrease(
                        new CandidatePairs.Estimate(shared[j], childAtPoints[i], groupAtPoints[j]));
                largestOfAll = Math.max(largestOfAll, largest[j]);
            }
            CandidatePairs pairs = tree.pairsWithin(largestOfAll, allowance, limit);
            if (pairs == null) {
                dense[i] = true;
                return;
            }
            for (int j = 0; j < groups; j++) {
                pairs.graphFor(new CandidatePairs.Estimate(shared[j], childAtPoints[i], groupAtPoints[j]),
                        largest[j], work.graph);
                record(i, j, work.tree.count(work.graph, points, split.m()));
            }
        });
        Parallel.forEach(groups, threads, () -> new Workspace(points), (work, j) -> {
            work.zy = shared[j];
            for (int i = 0; i < dense.length; i++) {
                if (dense[i]) {
                    record(i, j, work.tree.count(work.allPairs(childAtPoints[i]), split.m()));
                }
            }
        });
    }

    /**
     * Per pair of points, the largest squared distance over one parent group's columns,
     * row-major, rounded up to a float (half the memory; an allowance may only be too large).
     */
    private float[] largestGroupDistances() {
        float[] out = new float[Math.multiplyExact(points, points)];
        PointCoordinates[] groupAtPoints = new PointCoordinates[parentGroups.count()];
        for (int g = 0; g < groupAtPoints.length; g++) {
            groupAtPoints[g] = PointCoordinates.gather(parents, parentGroups.columns(g), pointRows);
        }
        Parallel.forEach(points, threads, () -> new double[2 * points], (rows, a) -> {
            Arrays.fill(rows, points, 2 * points, 0.0);
            for (PointCoordinates group : groupAtPoints) {
                Arrays.fill(rows, 0, points, 0.0);
                for (int c = 0; c < group.dims; c++) {
                    DistanceRows.accumulate(group.values, c * points, group.values[c * points + a], false, rows,
                            points);
                }
                for (int b = 0; b < points; b++) {
                    rows[points + b] = Math.max(rows[points + b], rows[b]);
                }
            }
            for (int b = 0; b < points; b++) {
                out[a * points + b] = Math.nextUp((float) rows[points + b]);
            }
        });
        return out;
    }

    /**
     * A thread's buffers: the (Z, Y) distances of the current parent group (exact, computed on
     * demand; as float lower bounds only when a child group needs Prim over all pairs), the
     * candidate graph and Prim's arrays.
     */
    private static final class Workspace {
        DistanceRows zy;
        private final int points;
        /** The distances that zyBounds hold. */
        private DistanceRows boundsOf;
        private float[] zyBounds;
        private float[] zyBlockMinima;
        final CandidatePairs.Graph graph = new CandidatePairs.Graph();
        final FriedmanRafsky tree;

        Workspace(int points) {
            this.points = points;
            tree = new FriedmanRafsky(points);
        }

        /**
         * The current (Z, Y) distances as float lower bounds with their block minima, for Prim
         * over all pairs; filled once per parent group.
         */
        BoundedDistanceRows allPairs(PointCoordinates child) {
            if (zyBounds == null) {
                zyBounds = new float[Math.multiplyExact(points, points)];
                zyBlockMinima = BoundedDistanceRows.blockMinimaFor(points);
            }
            if (boundsOf != zy) {
                // One thread: workspaces already run in parallel, one pair each.
                zy.fillLowerBounds(zyBounds, zyBlockMinima, 1);
                boundsOf = zy;
            }
            return new BoundedDistanceRows(zyBounds, zyBlockMinima, zy, child);
        }
    }
}
