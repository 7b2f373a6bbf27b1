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
 *   <li>per parent group, the (Z, Y) part of every distance is assembled once, as float lower
 *       bounds, and shared by all child groups; Prim's inner loop streams it, adds the child
 *       group's few columns, and computes a distance exactly only where the bound allows it to
 *       lower a key ({@link BoundedDistanceRows});
 *   <li>a few child groups' trees are built step by step together, so that they read each row
 *       of those bounds from memory about once between them;
 *   <li>parent groups run in parallel.
 * </ul>
 *
 * <p>Memory: the shared distances take {@link #memoryBytes(int)} bytes (8 (N^2 + h (n23 - h))
 * with N = n - n23 + h tree points): 188 MB at n = 6,500 (N = 4,333); each thread adds the (Z, Y)
 * bounds of its current parent group, 4 N^2 bytes (75 MB at n = 6,500), and a few arrays of N
 * (with {@code zComponents}, also that group's Z distances, 8 N^2 bytes).
 */
public final class LayerPairScorer {

    /**
     * Child groups whose trees a thread builds step by step together ({@link
     * FriedmanRafsky#countTogether}): on the estimator benchmark, 2, 4 and 8 took part (b) from 20.1
     * to 16.8, 15.5 and 16.3 ms per estimate per core.
     */
    private static final int TREES_AT_ONCE = 4;

    private final EstimatorOptions options;
    private final ProgressListener progress;

    private LayerPairScorer(EstimatorOptions options, ProgressListener progress) {
        this.options = options;
        this.progress = progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Bytes of the shared distance matrices for n samples (each thread adds 4 N^2 more). */
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
        Matrix childMatrix = children;
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
            // A tree takes the points in nearly the order every other tree of the layer pair will
            // (the (Z, Y) part dominates each distance); with the rows in that order, Prim skips
            // the runs already taken. The thread's first tree finds the order.
            int i = 0;
            if (work.order == null) {
                PointOrder identity = PointOrder.identity(points);
                work.zy.fillLowerBounds(identity, work.zyBounds, work.zyBlockMinima);
                results[0][j] = work.trees[0].count(new BoundedDistanceRows(work.zyBounds, work.zyBlockMinima, work.zy,
                        PointCoordinates.gather(childMatrix, childGroups.columns(0), pointRows), identity), split.m());
                work.order = work.trees[0].lastOrder();
                progress.completed(done.incrementAndGet(), total);
                i = 1;
                if (i == childGroups.count()) {
                    return;
                }
            }
            PointOrder order = work.order;
            work.zy.fillLowerBounds(order, work.zyBounds, work.zyBlockMinima);
            int[] orderedRows = order.apply(pointRows);
            for (; i < childGroups.count(); i += TREES_AT_ONCE) {
                int batch = Math.min(TREES_AT_ONCE, childGroups.count() - i);
                BoundedDistanceRows[] distances = new BoundedDistanceRows[batch];
                for (int b = 0; b < batch; b++) {
                    distances[b] = new BoundedDistanceRows(work.zyBounds, work.zyBlockMinima, work.zy,
                            PointCoordinates.gather(childMatrix, childGroups.columns(i + b), orderedRows), order);
                }
                GmiResult[] trees = FriedmanRafsky.countTogether(Arrays.copyOf(work.trees, batch), distances,
                        split.m());
                for (int b = 0; b < batch; b++) {
                    results[i + b][j] = trees[b];
                    progress.completed(done.incrementAndGet(), total);
                }
            }
        });
        return new PairScores(results);
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
     * A thread's buffers: the (Z, Y) distances of the current parent group, exact (computed on
     * demand) and as float lower bounds, and Prim's arrays.
     */
    private static final class Workspace {
        DistanceRows zy;
        /** The order in which this thread's first tree took its points; null before that tree. */
        PointOrder order;
        final float[] zyBounds;
        final float[] zyBlockMinima;
        final FriedmanRafsky[] trees = new FriedmanRafsky[TREES_AT_ONCE];

        Workspace(int points) {
            zyBounds = new float[Math.multiplyExact(points, points)];
            zyBlockMinima = BoundedDistanceRows.blockMinimaFor(points);
            for (int t = 0; t < TREES_AT_ONCE; t++) {
                trees[t] = new FriedmanRafsky(points);
            }
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
            return new LayerPairScorer(options(), progress);
        }
    }
}
