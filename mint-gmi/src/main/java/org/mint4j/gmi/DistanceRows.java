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
    /** Added coordinates up to which {@link #fillAndRelax} runs as one pass. */
    private static final int FUSED_DIMS = 4;

    private final double[] base;
    private final int targets;
    private final PointCoordinates minusFrom;
    private final PointCoordinates minusTo;
    private final PointCoordinates plusFrom;
    private final PointCoordinates plusTo;
    /** Coordinate arrays and offsets of the fused path, padded with zeros to FUSED_DIMS. */
    private final double[][] fusedArrays;
    private final int[] fusedOffsets;

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
        if (minusFrom.dims == 0 && plusFrom.dims <= FUSED_DIMS) {
            fusedArrays = new double[FUSED_DIMS][];
            fusedOffsets = new int[FUSED_DIMS];
            double[] zeros = new double[targets];
            for (int c = 0; c < FUSED_DIMS; c++) {
                fusedArrays[c] = c < plusFrom.dims ? plusTo.values : zeros;
                fusedOffsets[c] = c < plusFrom.dims ? c * targets : 0;
            }
        } else {
            fusedArrays = null;
            fusedOffsets = null;
        }
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
     * target's key becomes its distance where that is smaller. Points already in the tree have a
     * NaN key, which no comparison changes or selects. Returns the target with the smallest key,
     * lowest index on equal keys, or -1 if every key is infinite or NaN.
     */
    int relax(double[] row, double[] key) {
        return firstAt(key, minimumAfterRelaxing(row, key));
    }

    /**
     * {@link #fill} then {@link #relax}, in one pass over memory when there are at most
     * FUSED_DIMS added coordinates and none subtracted (padding coordinates add exactly 0, so the
     * distances are bitwise those of {@link #fill}); either way {@code row} holds u's distances.
     */
    int fillAndRelax(int u, double[] row, double[] key) {
        if (fusedArrays == null) {
            fill(u, row);
            return relax(row, key);
        }
        double[] x0 = fusedArrays[0];
        double[] x1 = fusedArrays[1];
        double[] x2 = fusedArrays[2];
        double[] x3 = fusedArrays[3];
        int o0 = fusedOffsets[0];
        int o1 = fusedOffsets[1];
        int o2 = fusedOffsets[2];
        int o3 = fusedOffsets[3];
        double c0 = x0[o0 + u];
        double c1 = x1[o1 + u];
        double c2 = x2[o2 + u];
        double c3 = x3[o3 + u];
        int off = u * targets;
        DoubleVector best = DoubleVector.broadcast(SPECIES, Double.POSITIVE_INFINITY);
        int v = 0;
        int dims = plusFrom.dims;
        for (int end = SPECIES.loopBound(targets); v < end; v += LANES) {
            DoubleVector acc = DoubleVector.fromArray(SPECIES, base, off + v);
            DoubleVector t = DoubleVector.fromArray(SPECIES, x0, o0 + v).sub(c0);
            acc = t.fma(t, acc);
            // Coordinates beyond the group's own are skipped, not streamed as zeros.
            if (dims > 1) {
                t = DoubleVector.fromArray(SPECIES, x1, o1 + v).sub(c1);
                acc = t.fma(t, acc);
                if (dims > 2) {
                    t = DoubleVector.fromArray(SPECIES, x2, o2 + v).sub(c2);
                    acc = t.fma(t, acc);
                    if (dims > 3) {
                        t = DoubleVector.fromArray(SPECIES, x3, o3 + v).sub(c3);
                        acc = t.fma(t, acc);
                    }
                }
            }
            acc.intoArray(row, v);
            DoubleVector k = DoubleVector.fromArray(SPECIES, key, v);
            k = k.blend(acc, acc.lt(k));
            k.intoArray(key, v);
            best = best.blend(k, k.lt(best));
        }
        int tail = v;
        for (; v < targets; v++) {
            double acc = base[off + v];
            double t = x0[o0 + v] - c0;
            acc = Math.fma(t, t, acc);
            t = x1[o1 + v] - c1;
            acc = Math.fma(t, t, acc);
            t = x2[o2 + v] - c2;
            acc = Math.fma(t, t, acc);
            t = x3[o3 + v] - c3;
            acc = Math.fma(t, t, acc);
            row[v] = acc;
            if (acc < key[v]) {
                key[v] = acc;
            }
        }
        return firstAt(key, lowestKey(key, tail, best.reduceLanes(VectorOperators.MIN)));
    }

    /**
     * The tree point (NaN key) other than u at exactly {@code distance} in u's {@code row} with the
     * lowest rank (the earliest added), or -1.
     */
    int parentIn(double[] row, double[] key, double distance, int[] rank, int u) {
        int found = -1;
        int v = 0;
        // Hits are rare: test four vectors at a time, then look at their lanes one by one.
        for (int end = targets - 4 * LANES; v <= end; v += 4 * LANES) {
            VectorMask<Double> at = DoubleVector.fromArray(SPECIES, row, v).eq(distance)
                    .or(DoubleVector.fromArray(SPECIES, row, v + LANES).eq(distance))
                    .or(DoubleVector.fromArray(SPECIES, row, v + 2 * LANES).eq(distance))
                    .or(DoubleVector.fromArray(SPECIES, row, v + 3 * LANES).eq(distance));
            if (at.anyTrue()) {
                found = earliestIn(row, v, v + 4 * LANES, distance, key, rank, u, found);
            }
        }
        return earliestIn(row, v, targets, distance, key, rank, u, found);
    }

    private static int earliestIn(double[] row, int from, int to, double distance, double[] key, int[] rank,
            int u, int found) {
        for (int v = from; v < to; v++) {
            if (row[v] == distance) {
                found = earlier(found, v, key, rank, u);
            }
        }
        return found;
    }

    private static int earlier(int found, int candidate, double[] key, int[] rank, int u) {
        boolean inTree = candidate != u && Double.isNaN(key[candidate]);
        return inTree && (found < 0 || rank[candidate] < rank[found]) ? candidate : found;
    }

    /** key = row where row is smaller, for every target; returns the smallest key that is not NaN. */
    private double minimumAfterRelaxing(double[] row, double[] key) {
        DoubleVector best = DoubleVector.broadcast(SPECIES, Double.POSITIVE_INFINITY);
        int v = 0;
        int end = SPECIES.loopBound(targets);
        for (; v < end; v += LANES) {
            DoubleVector d = DoubleVector.fromArray(SPECIES, row, v);
            DoubleVector k = DoubleVector.fromArray(SPECIES, key, v);
            k = k.blend(d, d.lt(k));
            k.intoArray(key, v);
            best = best.blend(k, k.lt(best));
        }
        for (int t = v; t < targets; t++) {
            if (row[t] < key[t]) {
                key[t] = row[t];
            }
        }
        return lowestKey(key, v, best.reduceLanes(VectorOperators.MIN));
    }

    /** The smallest of {@code best} and the keys from {@code from} on, NaN keys ignored. */
    private double lowestKey(double[] key, int from, double best) {
        for (int v = from; v < targets; v++) {
            if (key[v] < best) {
                best = key[v];
            }
        }
        return best;
    }

    /** The lowest index whose key equals {@code bestKey}, or -1 if that is infinite. */
    private int firstAt(double[] key, double bestKey) {
        if (bestKey == Double.POSITIVE_INFINITY) {
            return -1;
        }
        int v = 0;
        int end = SPECIES.loopBound(targets);
        for (; v < end; v += LANES) {
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
