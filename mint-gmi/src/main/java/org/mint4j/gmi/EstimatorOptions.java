package org.mint4j.gmi;

/**
 * The options that {@link ConditionalGmi} and {@link LayerPairScorer} share, checked by
 * {@link EstimatorBuilder}, so that both estimators read them the same way.
 *
 * @param threads threads for the distance computations (at least 1)
 * @param standardize whether every column is scaled to mean 0 and standard deviation 1 first
 * @param zComponents principal components of Z to condition on instead of Z (0: off)
 */
record EstimatorOptions(int threads, boolean standardize, int zComponents) {
}
