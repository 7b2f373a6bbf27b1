package org.mint4j.gmi;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scores every (child group i, parent group j) of a layer pair with the conditional GMI
 * I(child_i; parent_j | other parents), giving exactly what {@link ConditionalGmi} gives pair by
 * pair (up to the rounding of distance ties), far faster by sharing work:
 *
 * <ul>
 *   <li>squared distances over all parent columns are computed once per layer pair; the Z distance
 *       of a pair is that minus the distance over group j;
 *   <li>the bootstrap depends only on the parent group, so all child groups share it;
 *   <li>per parent group, the (Z, Y) part of every distance, S, is shared by all child groups: its
 *       minimum spanning tree, built once, leaves as candidates the few pairs that any child
 *       group's tree can take ({@link SharedTree}; about 0.1% of the pairs on the paper's
 *       networks), and each child group's tree is built by Prim over those alone;
 *   <li>parent groups run in parallel.
 * </ul>
 *
 * <p>Memory: the shared distances take {@link #memoryBytes(int)} bytes (8 (N^2 + h (n23 - h))
 * with N = n - n23 + h tree points): 188 MB at n = 6,500 (N = 4,333); each thread adds its
 * candidate pairs (24 bytes each, at most N^2 / 32 pairs), and only if a child group has too many
 * of them, the (Z, Y) distances as float bounds, 4.5 N^2 bytes (85 MB at n = 6,500); with
 * {@code zComponents}, also its group's Z distances, 8 N^2 bytes.
 */
public final class LayerPairScorer {

    /**
     * Candidate pairs a parent group may keep, as a fraction of all pairs; child groups that would
     * need more get Prim over all pairs. Over 1/16 of the pairs, filtering them per child group
     * costs about as much as that.
     */
    private static final int CANDIDATE_SHARE = 16;

    private final EstimatorOptions options;
    private final ProgressListener progress;
    private final long candidateLimit;

    LayerPairScorer(EstimatorOptions options, ProgressListener progress, long candidateLimit) {
        this.options = options;
        this.progress = progress;
        this.candidateLimit = candidateLimit;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Bytes of the shared distance matrices for n samples (each thread may add 4.5 N^2 more). */
    public static long memoryBytes(int n) {
        SampleSplit split = SampleSplit.of(n);
        return SquaredDistances.bytesFor(split.points(), split.points())
                + SquaredDistances.bytesFor(split.k(), split.sizeB());
    }

    /**
     * Scores a layer pair. Row r of {@code parents} and of {@code children} must come from the same
     * input sample.
     *
     * @throws IllegalArgumentException on mismatched rows or groups, too few rows, non-finite values,
     *     or a single parent group (Z would be empty)
     */
    public PairScores score(Matrix parents, Matrix children, ColumnGroups parentGroups, ColumnGroups childGroups) {
        return score(parents, children, parentGroups, childGroups, 0, parentGroups.count());
    }

    /**
     * Scores only the parent groups [from, to), so that a long layer pair can be scored in chunks
     * (and resumed); the result's parent index j stands for group {@code from + j}. Each chunk
     * recomputes the shared distances, which costs about as much as one group.
     */
    public PairScores score(Matrix parents, Matrix children, ColumnGroups parentGroups, ColumnGroups childGroups,
            int from, int to) {
        validate(parents, children, parentGroups, childGroups);
        if (from < 0 || to > parentGroups.count() || from >= to) {
            throw new IllegalArgumentException("parent group range [" + from + ", " + to
                    + ") is empty or outside [0, " + parentGroups.count() + ")");
        }
        int threads = options.threads();
        int zComponents = options.zComponents();
        if (options.standardize()) {
            parents = Standardization.apply(parents);
            children = Standardization.apply(children);
        }
        SampleSplit split = SampleSplit.of(parents.rows());
        int[] pointRows = split.pointRows();
        int[] rowsA = split.rowsA();
        int[] rowsB = split.rowsB();
        boolean projected = zComponents > 0;
        PrincipalComponents components = projected ? new PrincipalComponents(parents) : null;
        double[] parentAB = projected ? null : SquaredDistances.between(parents, rowsA, rowsB, threads);
        double[] parentPoints = projected ? null : SquaredDistances.within(parents, pointRows, threads);
        GmiResult[][] results = new GmiResult[childGroups.count()][to - from];
        AtomicInteger done = new AtomicInteger();
        int total = childGroups.count() * (to - from);
        Matrix parentMatrix = parents;
        PointCoordinates[] childAtPoints = new PointCoordinates[childGroups.count()];
        for (int i = 0; i < childAtPoints.length; i++) {
            childAtPoints[i] = PointCoordinates.gather(children, childGroups.columns(i), pointRows);
        }
        int points = split.points();
        Parallel.forEach(to - from, threads, () -> new Workspace(points), (work, j) -> {
            int[] groupColumns = parentGroups.columns(from + j);
            // Everything but the child group is shared by the child groups: the Z distance plus
            // group j at the rows the bootstrap took Y from.
            if (projected) {
                Matrix z = components.project(parentGroups.columnsOutside(from + j), zComponents);
                double[] zAB = SquaredDistances.between(z, rowsA, rowsB, 1);
                int[] donors = NearestNeighbourBootstrap.donors(new DistanceRows(zAB, split.sizeB(),
                        PointCoordinates.NONE, PointCoordinates.NONE, PointCoordinates.NONE, PointCoordinates.NONE),
                        split.k());
                PointCoordinates y = PointCoordinates.gather(parentMatrix, groupColumns, split.yRows(donors));
                work.zy = new DistanceRows(SquaredDistances.within(z, pointRows, 1), points, PointCoordinates.NONE,
                        PointCoordinates.NONE, y, y);
            } else {
                // Z distance = all parents minus group j at the points' own rows.
                int[] donors = NearestNeighbourBootstrap.donors(new DistanceRows(parentAB, split.sizeB(),
                        PointCoordinates.gather(parentMatrix, groupColumns, rowsA),
                        PointCoordinates.gather(parentMatrix, groupColumns, rowsB),
                        PointCoordinates.NONE, PointCoordinates.NONE), split.k());
                PointCoordinates groupAtPoints = PointCoordinates.gather(parentMatrix, groupColumns, pointRows);
                PointCoordinates groupAtYRows = PointCoordinates.gather(parentMatrix, groupColumns,
                        split.yRows(donors));
                work.zy = new DistanceRows(parentPoints, points, groupAtPoints, groupAtPoints, groupAtYRows,
                        groupAtYRows);
            }
            SharedTree tree = SharedTree.of(work.zy);
            double[] largestAdded = new double[childAtPoints.length];
            for (int i = 0; i < childAtPoints.length; i++) {
                largestAdded[i] = tree.largestAddedOnEdges(childAtPoints[i]);
            }
            CandidatePairs pairs = candidatePairs(tree, largestAdded);
            double covered = pairs == null ? -1 : pairs.largestAdded();
            boolean boundsFilled = false;
            for (int i = 0; i < childAtPoints.length; i++) {
                if (largestAdded[i] <= covered) {
                    pairs.graphFor(childAtPoints[i], largestAdded[i], work.graph);
                    results[i][j] = work.tree.count(work.graph, childAtPoints[i], points, split.m());
                } else {
                    // Too many candidate pairs for this child group: Prim over all pairs.
                    results[i][j] = work.tree.count(work.allPairs(childAtPoints[i], boundsFilled), split.m());
                    boundsFilled = true;
                }
                progress.completed(done.incrementAndGet(), total);
            }
        });
        return new PairScores(results);
    }

    /**
     * The candidate pairs for as many child groups as the limit allows, those with the smallest M
     * (all of them on the paper's networks), or null if none fit.
     */
    private CandidatePairs candidatePairs(SharedTree tree, double[] largestAdded) {
        long points = tree.points();
        long limit = candidateLimit >= 0 ? candidateLimit : points * (points - 1) / 2 / CANDIDATE_SHARE;
        double[] sorted = largestAdded.clone();
        Arrays.sort(sorted);
        for (int covered = sorted.length; covered > 0; covered /= 2) {
            CandidatePairs pairs = tree.pairsWithin(sorted[covered - 1], (int) Math.min(limit, Integer.MAX_VALUE - 8));
            if (pairs != null) {
                return pairs;
            }
        }
        return null;
    }

    private static void validate(Matrix parents, Matrix children, ColumnGroups parentGroups,
            ColumnGroups childGroups) {
        if (parents.rows() != children.rows()) {
            throw new IllegalArgumentException("parent and child activations must have the same rows; got "
                    + parents.rows() + " parent rows and " + children.rows() + " child rows");
        }
        SampleSplit.of(parents.rows());
        if (parentGroups.width() != parents.cols()) {
            throw new IllegalArgumentException("parent groups cover " + parentGroups.width()
                    + " columns but the parent activations have " + parents.cols());
        }
        if (childGroups.width() != children.cols()) {
            throw new IllegalArgumentException("child groups cover " + childGroups.width()
                    + " columns but the child activations have " + children.cols());
        }
        if (parentGroups.count() < 2) {
            throw new IllegalArgumentException(
                    "the parent layer needs at least 2 groups so that Z (the other groups) is not empty");
        }
        parents.requireFinite("parent activations");
        children.requireFinite("child activations");
    }

    /**
     * A thread's buffers: the (Z, Y) distances of the current parent group (exact, computed on
     * demand; as float lower bounds only when a child group needs Prim over all pairs), the
     * candidate graph and Prim's arrays.
     */
    private static final class Workspace {
        DistanceRows zy;
        private final int points;
        private float[] zyBounds;
        private float[] zyBlockMinima;
        final CandidatePairs.Graph graph = new CandidatePairs.Graph();
        final FriedmanRafsky tree;

        Workspace(int points) {
            this.points = points;
            tree = new FriedmanRafsky(points);
        }

        /** The (Z, Y) distances as float lower bounds with their block minima, for Prim over all pairs. */
        BoundedDistanceRows allPairs(PointCoordinates child, boolean filled) {
            if (zyBounds == null) {
                zyBounds = new float[Math.multiplyExact(points, points)];
                zyBlockMinima = BoundedDistanceRows.blockMinimaFor(points);
            }
            if (!filled) {
                zy.fillLowerBounds(zyBounds, zyBlockMinima);
            }
            return new BoundedDistanceRows(zyBounds, zyBlockMinima, zy, child);
        }
    }

    /** Told after each finished estimate; called from worker threads. */
    @FunctionalInterface
    public interface ProgressListener {
        void completed(int done, int total);
    }

    /** Options of the scorer: those of {@link ConditionalGmi}, and a progress listener. */
    public static final class Builder extends EstimatorBuilder<Builder> {
        private ProgressListener progress = (done, total) -> { };

        private Builder() {
        }

        public Builder optProgress(ProgressListener progress) {
            this.progress = progress;
            return this;
        }

        public LayerPairScorer build() {
            return new LayerPairScorer(options(), progress, -1);
        }
    }
}
