package org.mint4j.gmi;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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
    private static final int LANES = SPECIES.length();

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
            accumulate(minusTo.values, c * targets, minusFrom.values[c * minusFrom.count + u], true, row);
        }
        for (int c = 0; c < plusFrom.dims; c++) {
            accumulate(plusTo.values, c * targets, plusFrom.values[c * plusFrom.count + u], false, row);
        }
    }

    /** Fills {@code out} with all rows, as a row-major [sources x targets] matrix. */
    void fillAll(int sources, double[] out) {
        double[] row = new double[targets];
        for (int u = 0; u < sources; u++) {
            fill(u, row);
            System.arraycopy(row, 0, out, u * targets, targets);
        }
    }

    /** row[v] -/+= (coords[off + v] - centre)^2 as one fused multiply-add. */
    private void accumulate(double[] coords, int off, double centre, boolean subtract, double[] row) {
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

    /**
     * One step of Prim from source {@code u}, whose distances are already in {@code row}: every
     * target's key becomes min(key, distance + excluded), where {@code excluded} is +infinity for
     * points already in the tree and 0 otherwise. Returns the target with the smallest key, lowest
     * index on equal keys, or -1 if every key is infinite.
     */
    int relax(double[] row, double[] excluded, double[] key) {
        DoubleVector best = DoubleVector.broadcast(SPECIES, Double.POSITIVE_INFINITY);
        int v = 0;
        int end = SPECIES.loopBound(targets);
        for (; v < end; v += LANES) {
            DoubleVector d = DoubleVector.fromArray(SPECIES, row, v).add(DoubleVector.fromArray(SPECIES, excluded, v));
            DoubleVector k = DoubleVector.fromArray(SPECIES, key, v).min(d);
            k.intoArray(key, v);
            best = best.min(k);
        }
        double bestKey = best.reduceLanes(VectorOperators.MIN);
        for (; v < targets; v++) {
            key[v] = Math.min(key[v], row[v] + excluded[v]);
            bestKey = Math.min(bestKey, key[v]);
        }
        if (bestKey == Double.POSITIVE_INFINITY) {
            return -1;
        }
        for (v = 0; v < end; v += LANES) {
            VectorMask<Double> hit = DoubleVector.fromArray(SPECIES, key, v).eq(bestKey);
            if (hit.anyTrue()) {
                return v + hit.firstTrue();
            }
        }
        for (; v < targets; v++) {
            if (key[v] == bestKey) {
                return v;
            }
        }
        throw new AssertionError("minimum key not found");
    }
}
