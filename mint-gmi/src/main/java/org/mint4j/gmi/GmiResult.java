package org.mint4j.gmi;

/**
 * One conditional GMI estimate and the figures it came from.
 *
 * @param r the Friedman-Rafsky count: minimum-spanning-tree edges joining S1 and the bootstrap set
 * @param m the number of points in S1
 * @param k the number of points in the bootstrap set S2~
 * @param estimate {@code 1 - r (m + k) / (2 m k)}; not clamped, so it can be negative
 * @param mstWeight the sum of the Euclidean lengths of the tree's edges
 */
public record GmiResult(int r, int m, int k, double estimate, double mstWeight) {

    static GmiResult of(int r, int m, int k, double mstWeight) {
        double estimate = 1.0 - (double) r * (m + k) / (2.0 * m * k);
        return new GmiResult(r, m, k, estimate, mstWeight);
    }
}
