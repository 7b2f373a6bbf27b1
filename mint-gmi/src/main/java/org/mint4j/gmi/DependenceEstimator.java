package org.mint4j.gmi;

/** A measure of how much X depends on Y once Z is known, estimated from paired samples. */
public interface DependenceEstimator {

    /**
     * Estimates the dependence of X on Y given Z. Row r of each matrix is the same sample.
     *
     * @throws IllegalArgumentException on inconsistent shapes or non-finite values
     */
    GmiResult estimate(Matrix x, Matrix y, Matrix z);
}
