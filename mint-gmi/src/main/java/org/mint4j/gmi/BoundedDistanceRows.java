package org.mint4j.gmi;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Prim's relaxation step over the distances shared + |x(v) - x(u)|^2: the shared part (over Z and
 * Y) is the same for many trees and is streamed from memory at every step, so it is held as float
 * lower bounds, half the bytes of doubles; the few added coordinates x (a child group) are exact.
 *
 * <p>Every key stays exact: a bound plus the added terms, by the same fused multiply-adds, is a
 * lower bound of the exact distance (each step is monotone in its addend), so a target whose bound
 * is not below its key cannot improve it; the others (a few per row) get the exact distance from
 * {@code shared.at(u, v)} and the same terms. The tree is therefore bitwise the tree of exact
 * distances.
 */
final class BoundedDistanceRows {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = DistanceRows.LANES;
    /** Floats as many as the double lanes, widened to doubles in one conversion. */
    private static final VectorSpecies<Float> FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(SPECIES.vectorBitSize() / 2));
    /** A bound's margin: MARGIN (|shared bound| + |bound|) + MARGIN_FLOOR. */
    private static final double MARGIN = 0x1p-20;
    private static final double MARGIN_FLOOR = 0x1p-130;
    /** Added coordinates up to which a step is one pass over memory. */
    private static final int FUSED_DIMS = 4;

    private final float[] bounds;
    /** Per row, the smallest bound in each block of LANES columns. */
    private final float[] blockMinima;
    private final int blocks;
    private final DistanceRows shared;
    private final PointCoordinates added;
    private final int points;
    /** The added coordinates' arrays and offsets, padded with zeros to FUSED_DIMS. */
    private final double[][] fusedArrays;
    private final int[] fusedOffsets;
    /** Where a step's vector loop found keys to lower: first point and lanes of each such vector. */
    private final int[] hitAt;
    private final long[] hitLanes;
    /** The bounds and their margins of those vectors, LANES per hit. */
    private final double[] hitBounds;
    private final double[] hitMargins;
    /** u's lower bounds, when there are more added coordinates than FUSED_DIMS. */
    private final double[] row;

    /**
     * @param bounds row-major [points x points] lower bounds of {@code shared}'s distances
     *     ({@link DistanceRows#fillLowerBounds})
     * @param blockMinima the smallest bound of each row in each block of {@link #LANES} columns
     *     ({@link DistanceRows#fillLowerBounds})
     * @param shared the exact shared distances
     * @param added the coordinates added to every distance
     */
    BoundedDistanceRows(float[] bounds, float[] blockMinima, DistanceRows shared, PointCoordinates added) {
        this.bounds = bounds;
        this.blockMinima = blockMinima;
        this.shared = shared;
        this.added = added;
        this.points = shared.targets();
        this.blocks = (points + LANES - 1) / LANES;
        hitAt = new int[points / LANES];
        hitLanes = new long[points / LANES];
        hitBounds = new double[points / LANES * LANES];
        hitMargins = new double[points / LANES * LANES];
        if (added.dims <= FUSED_DIMS) {
            fusedArrays = new double[FUSED_DIMS][];
            fusedOffsets = new int[FUSED_DIMS];
            double[] zeros = new double[points];
            for (int c = 0; c < FUSED_DIMS; c++) {
                fusedArrays[c] = c < added.dims ? added.values : zeros;
                fusedOffsets[c] = c < added.dims ? c * points : 0;
            }
            row = null;
        } else {
            fusedArrays = null;
            fusedOffsets = null;
            row = new double[points];
        }
    }

    int points() {
        return points;
    }

    /** An array for the block minima of {@code points} x {@code points} bounds. */
    static float[] blockMinimaFor(int points) {
        return new float[Math.multiplyExact(points, (points + LANES - 1) / LANES)];
    }

    /** The exact squared distance from point u to point v. */
    double exact(int u, int v) {
        return DistanceRows.plusTerms(added, added, u, v, shared.at(u, v));
    }

    /**
     * Offers u to v's key at the bounded distance, with a margin that covers the bound's error:
     * the float's (at most about 2^-22 of it, {@link DistanceRows#floatBelow}), and the roundings
     * of the added terms, which differ from the exact ones by far less.
     */
    private void offer(int u, int v, PrimKeys keys) {
        double shared = bounds[u * points + v];
        double bound = DistanceRows.plusTerms(added, added, u, v, shared);
        keys.offer(u, v, bound, (Math.abs(shared) + Math.abs(bound)) * MARGIN + MARGIN_FLOOR);
    }

    /**
     * One step of Prim from point {@code u}, just added: every point's key becomes
     * its distance from u where that is smaller, and its parent u. Blocks of points all in the tree,
     * or with no bound below their keys, are not read.
     */
    void relax(int u, PrimKeys keys) {
        if (fusedArrays != null) {
            relaxFused(u, keys);
        } else {
            relaxInPasses(u, keys);
        }
    }

    /** The step in one pass: bounds, added terms, comparison. */
    private void relaxFused(int u, PrimKeys keys) {
        double[] key = keys.upper();
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
        int off = u * points;
        int dims = added.dims;
        float[] largest = keys.blockLargest();
        int minimaOff = u * blocks;
        int hits = 0;
        int v = 0;
        for (int end = SPECIES.loopBound(points); v < end; v += LANES) {
            // No key of a block can fall below the block's smallest bound (all in the tree: none).
            if (blockMinima[minimaOff + v / LANES] >= largest[v / LANES]) {
                continue;
            }
            DoubleVector sharedBound = (DoubleVector) FloatVector.fromArray(FLOATS, bounds, off + v)
                    .convertShape(VectorOperators.F2D, SPECIES, 0);
            DoubleVector t = DoubleVector.fromArray(SPECIES, x0, o0 + v).sub(c0);
            DoubleVector acc = t.fma(t, sharedBound);
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
            DoubleVector keyUpper = DoubleVector.fromArray(SPECIES, key, v);
            VectorMask<Double> maybe = acc.lt(keyUpper);
            // Upper ends only fall, so this stays above them until the block is read again.
            largest[v / LANES] = Math.nextUp((float) keyUpper.reduceLanes(VectorOperators.MAX));
            if (maybe.anyTrue()) {
                acc.intoArray(hitBounds, hits * LANES);
                sharedBound.abs().add(acc.abs()).mul(MARGIN).add(MARGIN_FLOOR).intoArray(hitMargins, hits * LANES);
                hitAt[hits] = v;
                hitLanes[hits++] = maybe.toLong();
            }
        }
        offerHits(u, hits, keys);
        for (; v < points; v++) {
            double bound = bounds[off + v];
            double t = x0[o0 + v] - c0;
            bound = Math.fma(t, t, bound);
            t = x1[o1 + v] - c1;
            bound = Math.fma(t, t, bound);
            t = x2[o2 + v] - c2;
            bound = Math.fma(t, t, bound);
            t = x3[o3 + v] - c3;
            bound = Math.fma(t, t, bound);
            if (bound < key[v]) {
                offer(u, v, keys);
            }
        }
    }

    /** The step for many added coordinates: u's bounds in a row, one pass per coordinate, then the comparison. */
    private void relaxInPasses(int u, PrimKeys keys) {
        double[] key = keys.upper();
        int off = u * points;
        for (int v = 0; v < points; v++) {
            row[v] = bounds[off + v];
        }
        for (int c = 0; c < added.dims; c++) {
            DistanceRows.accumulate(added.values, c * points, added.values[c * points + u], false, row, points);
        }
        int hits = 0;
        int v = 0;
        for (int end = SPECIES.loopBound(points); v < end; v += LANES) {
            if (keys.allInTree(v / LANES)) {
                continue;
            }
            DoubleVector bound = DoubleVector.fromArray(SPECIES, row, v);
            VectorMask<Double> maybe = bound.lt(DoubleVector.fromArray(SPECIES, key, v));
            if (maybe.anyTrue()) {
                bound.intoArray(hitBounds, hits * LANES);
                DoubleVector sharedBound = (DoubleVector) FloatVector.fromArray(FLOATS, bounds, off + v)
                        .convertShape(VectorOperators.F2D, SPECIES, 0);
                sharedBound.abs().add(bound.abs()).mul(MARGIN).add(MARGIN_FLOOR).intoArray(hitMargins, hits * LANES);
                hitAt[hits] = v;
                hitLanes[hits++] = maybe.toLong();
            }
        }
        offerHits(u, hits, keys);
        for (; v < points; v++) {
            if (row[v] < key[v]) {
                offer(u, v, keys);
            }
        }
    }

    /**
     * Offers u to the points that the vector loop found possibly closer to it (the lanes set in
     * {@code hitLanes[h]} past {@code hitAt[h]}). Done after the loop, so that no call inside it
     * keeps vectors alive across it.
     */
    private void offerHits(int u, int hits, PrimKeys keys) {
        for (int h = 0; h < hits; h++) {
            for (long lanes = hitLanes[h]; lanes != 0; lanes &= lanes - 1) {
                int lane = Long.numberOfTrailingZeros(lanes);
                keys.offer(u, hitAt[h] + lane, hitBounds[h * LANES + lane], hitMargins[h * LANES + lane]);
            }
        }
    }
}
