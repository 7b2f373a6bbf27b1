package org.mint4j.gmi;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The squared distance from one point to every point of a target set, assembled as
 * base - |minus terms|^2 + |plus terms|^2: a precomputed high-dimensional part (over Z, or over all
 * parents) corrected by low-dimensional terms computed on the fly. The single estimator uses
 * base = Z distances with no minus term; the layer-pair scorer uses base = all-parent distances
 * minus the parent group's own columns.
 *
 * <p>Vector and scalar paths use the same fused multiply-adds in the same order, so a distance
 * does not depend on which path computed it.
 */
final class DistanceRows {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    private final double[] base;
    private final int targets;
    private final PointCoordinates minusFrom;
    private final PointCoordinates minusTo;
    private final PointCoordinates plusFrom;
    private final PointCoordinates plusTo;

    /**
     * @param base row-major [sources x targets] squared distances
     * @param minusFrom, minusTo the coordinates to subtract, for sources and for targets
     * @param plusFrom, plusTo the coordinates to add, for sources and for targets
     */
    DistanceRows(double[] base, int targets, PointCoordinates minusFrom, PointCoordinates minusTo,
            PointCoordinates plusFrom, PointCoordinates plusTo) {
        this.base = base;
        this.targets = targets;
        this.minusFrom = minusFrom;
        this.minusTo = minusTo;
        this.plusFrom = plusFrom;
        this.plusTo = plusTo;
    }

    int targets() {
        return targets;
    }

    /** Fills {@code row[0, targets)} with the squared distances from source {@code u}. */
    void fill(int u, double[] row) {
        System.arraycopy(base, u * targets, row, 0, targets);
        // One pass per coordinate keeps each loop simple enough to vectorise well; the fused
        // multiply-adds happen in the same order in the vector and the scalar tail.
        for (int c = 0; c < minusFrom.dims; c++) {
            accumulate(minusTo.values, c * targets, minusFrom.values[c * minusFrom.count + u], true, row, targets);
        }
        for (int c = 0; c < plusFrom.dims; c++) {
            accumulate(plusTo.values, c * targets, plusFrom.values[c * plusFrom.count + u], false, row, targets);
        }
    }

    /**
     * Fills {@code out} with every distance between the points (sources = targets) as a float just
     * below it ({@link #floatBelow}): a lower bound in half the
     * bytes, which Prim streams instead of the exact rows (see {@link BoundedDistanceRows}); and
     * {@code blockMinima[p * blocks + b]} with the smallest bound of row p over the columns of
     * block b ({@link #LANES} columns each), so that a step can tell a block it need not read.
     * Rows are filled on {@code threads} threads.
     */
    void fillLowerBounds(float[] out, float[] blockMinima, int threads) {
        int blocks = (targets + LANES - 1) / LANES;
        Parallel.forEach(targets, threads, () -> new double[targets], (row, p) -> {
            fill(p, row);
            int off = p * targets;
            for (int q = 0; q < targets; q++) {
                out[off + q] = floatBelow(row[q]);
            }
            int minimaOff = p * blocks;
            // Scalar on purpose: in a short process (mint gmi) this loop runs before C2 has compiled
            // it, where a Vector API reduction costs a hundred times a scalar one.
            for (int b = 0; b < blocks; b++) {
                float smallest = Float.POSITIVE_INFINITY;
                for (int q = b * LANES, end = Math.min(q + LANES, targets); q < end; q++) {
                    smallest = Math.min(smallest, out[off + q]);
                }
                blockMinima[minimaOff + b] = smallest;
            }
        });
    }

    /**
     * A float below {@code d} by at most about 2^-22 of it: d lowered by more than the float
     * rounding can add back (relative 2^-24, absolute 2^-150 for subnormals), clamped to the float
     * range. Branch-free, unlike stepping down from the nearest float.
     */
    static float floatBelow(double d) {
        return (float) Math.min(Math.fma(Math.abs(d), -0x1p-23, d) - 0x1p-140, Float.MAX_VALUE);
    }

    /** The squared distance from source {@code u} to target {@code v}: bitwise {@link #fill}'s. */
    double at(int u, int v) {
        return at(u, v, base[u * targets + v]);
    }

    /** {@link #at} from its base entry {@code base(u, v)}, already read. */
    double at(int u, int v, double baseValue) {
        double d = baseValue;
        for (int c = 0; c < minusFrom.dims; c++) {
            double t = minusTo.values[c * targets + v] - minusFrom.values[c * minusFrom.count + u];
            d = Math.fma(-t, t, d);
        }
        return plusTerms(plusFrom, plusTo, u, v, d);
    }

    /** Whether {@code other} holds the same base distances (the same array). */
    boolean sharesBase(DistanceRows other) {
        return base == other.base;
    }

    /** The base entry of source u and target v. */
    double base(int u, int v) {
        return base[u * targets + v];
    }

    /** d + |plusTo(v) - plusFrom(u)|^2, one fused multiply-add per coordinate in order, as {@link #fill}. */
    static double plusTerms(PointCoordinates plusFrom, PointCoordinates plusTo, int u, int v, double d) {
        for (int c = 0; c < plusFrom.dims; c++) {
            double t = plusTo.values[c * plusTo.count + v] - plusFrom.values[c * plusFrom.count + u];
            d = Math.fma(t, t, d);
        }
        return d;
    }

    /** row[v] -/+= (coords[off + v] - centre)^2 as one fused multiply-add, for v below {@code targets}. */
    static void accumulate(double[] coords, int off, double centre, boolean subtract, double[] row, int targets) {
        int v = 0;
        int end = SPECIES.loopBound(targets);
        for (; v < end; v += LANES) {
            DoubleVector t = DoubleVector.fromArray(SPECIES, coords, off + v).sub(centre);
            DoubleVector acc = DoubleVector.fromArray(SPECIES, row, v);
            (subtract ? t.neg() : t).fma(t, acc).intoArray(row, v);
        }
        for (; v < targets; v++) {
            double t = coords[off + v] - centre;
            row[v] = Math.fma(subtract ? -t : t, t, row[v]);
        }
    }
}
