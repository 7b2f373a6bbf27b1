package org.mint4j.gmi;

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
 *   <li>where the child groups' distances dominate (a parent group's tree would leave too many
 *       candidates), the tree is built per child group instead, over all parents and the child
 *       group, and its candidates serve every parent group (0.5% to 3% of the pairs on ResNet-56);
 *   <li>a child group that would still need too many candidates gets Prim over all pairs, from
 *       float lower bounds of S ({@link BoundedDistanceRows});
 *   <li>parent groups (or child groups) run in parallel.
 * </ul>
 *
 * <p>Memory: the shared distances take {@link #memoryBytes(int)} bytes (8 (N^2 + h (n23 - h))
 * with N = n - n23 + h tree points): 188 MB at n = 6,500 (N = 4,333); with trees per child group,
 * 4 N^2 more for the largest group distance per pair. Each thread adds its candidate pairs (about
 * 70 bytes each with their graph, at most N^2 / 16 of them and 4 million) and, only if a child group has too many, S as float
 * bounds, 4.5 N^2 bytes; with {@code zComponents}, also its group's Z distances, 8 N^2 bytes.
 */
public final class LayerPairScorer {

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

    /** Bytes of the shared distance matrices for n samples (see the class comment for what may come on top). */
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
        if (options.standardize()) {
            parents = Standardization.apply(parents);
            children = Standardization.apply(children);
        }
        return new LayerPairRun(options, progress, candidateLimit, parents, children, parentGroups, childGroups, from,
                to).scores();
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
