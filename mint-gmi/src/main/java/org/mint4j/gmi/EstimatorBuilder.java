package org.mint4j.gmi;

/**
 * The options both estimators take ({@link ConditionalGmi.Builder}, {@link LayerPairScorer.Builder}).
 *
 * @param <B> the concrete builder, returned by every option so that calls chain
 */
public abstract class EstimatorBuilder<B extends EstimatorBuilder<B>> {

    private int threads = Parallel.threadsOrCores(0);
    private boolean standardize;
    private int zComponents;

    EstimatorBuilder() {
    }

    /** Threads for the distance computations (default: all cores); results do not depend on it. */
    public B optThreads(int threads) {
        this.threads = threads;
        return self();
    }

    /**
     * Scale every column of X, Y and Z (parents and children) to mean 0 and standard deviation 1
     * first (default off: the paper's estimator uses raw activations).
     */
    public B optStandardize(boolean standardize) {
        this.standardize = standardize;
        return self();
    }

    /**
     * Condition on the top {@code components} principal components of Z (for a layer pair: of the
     * other parent groups) instead of Z itself (default 0: off, the paper's estimator). Applied
     * after standardisation.
     */
    public B optZComponents(int components) {
        this.zComponents = components;
        return self();
    }

    /** The options set so far, checked. */
    EstimatorOptions options() {
        if (zComponents < 0) {
            throw new IllegalArgumentException("Z components must be at least 0 (0 = off), got " + zComponents);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new EstimatorOptions(threads, standardize, zComponents);
    }

    @SuppressWarnings("unchecked") // B is this builder's own class by the type bound's contract
    private B self() {
        return (B) this;
    }
}
