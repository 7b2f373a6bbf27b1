package org.mint4j.gmi;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Squared Euclidean distances between sets of rows over all columns of a matrix, as
 * |a|^2 + |b|^2 - 2 a.b with a register-blocked, SIMD dot-product kernel (the hot path of every
 * estimate). Each dot product is a sequence of fused multiply-adds in column order, and the norms
 * are computed in exactly the same order, so identical rows get a distance of exactly zero.
 */
final class SquaredDistances {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows of the left set per block. */
    private static final int ROWS = 6;
    /** The largest squared norm accepted: a quarter of the largest double, so every term stays finite. */
    private static final double MAX_NORM = Double.MAX_VALUE / 4;
    /** Columns (right-set rows) per panel: three vectors. */
    private static final int PANEL = 3 * LANES;

    private SquaredDistances() {
    }

    /** The |rowsI| x |rowsJ| matrix of squared distances, row-major. */
    static double[] between(Matrix m, int[] rowsI, int[] rowsJ, int threads) {
        return compute(m, rowsI, rowsJ, false, threads);
    }

    /** The symmetric |rows| x |rows| matrix of squared distances, row-major. */
    static double[] within(Matrix m, int[] rows, int threads) {
        return compute(m, rows, rows, true, threads);
    }

    /** Memory the distance matrix of {@code n} points takes, in bytes. */
    static long bytesFor(long rowsI, long rowsJ) {
        return rowsI * rowsJ * Double.BYTES;
    }

    private static double[] compute(Matrix m, int[] rowsI, int[] rowsJ, boolean symmetric, int threads) {
        int d = m.cols();
        int ni = rowsI.length;
        int nj = rowsJ.length;
        double[] out = new double[Math.multiplyExact(ni, nj)];
        if (ni == 0 || nj == 0) {
            return out;
        }
        double[] packedI = packRows(m, rowsI, roundUp(ni, ROWS));
        double[] normI = norms(m, rowsI);
        double[] normJ = symmetric ? normI : norms(m, rowsJ);
        int panels = (nj + PANEL - 1) / PANEL;
        Parallel.forEach(panels, threads, () -> new double[d * PANEL], (panel, p) -> {
            int j0 = p * PANEL;
            int width = Math.min(PANEL, nj - j0);
            packPanel(m, rowsJ, j0, width, panel);
            // In the symmetric case only blocks on or above the diagonal are computed.
            int iEnd = symmetric ? Math.min(ni, j0 + width) : ni;
            double[] lanes = new double[ROWS * PANEL];
            for (int i0 = 0; i0 < iEnd; i0 += ROWS) {
                block(packedI, i0, d, panel, normI, normJ, j0, width, ni, nj, out, lanes);
                if (symmetric) {
                    mirror(out, i0, Math.min(ROWS, ni - i0), j0, width, nj);
                }
            }
        });
        return out;
    }

    private static void block(double[] a, int i0, int d, double[] panel, double[] normI, double[] normJ,
            int j0, int width, int ni, int nj, double[] out, double[] lanes) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c22 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c32 = c00;
        DoubleVector c40 = c00;
        DoubleVector c41 = c00;
        DoubleVector c42 = c00;
        DoubleVector c50 = c00;
        DoubleVector c51 = c00;
        DoubleVector c52 = c00;
        int base = i0 * d;
        for (int k = 0; k < d; k++) {
            int p = k * PANEL;
            int q = base + k * ROWS;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, panel, p);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, panel, p + LANES);
            DoubleVector b2 = DoubleVector.fromArray(SPECIES, panel, p + 2 * LANES);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[q]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[q + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[q + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, a[q + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            DoubleVector a4 = DoubleVector.broadcast(SPECIES, a[q + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            DoubleVector a5 = DoubleVector.broadcast(SPECIES, a[q + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
        }
        c00.intoArray(lanes, 0);
        c01.intoArray(lanes, LANES);
        c02.intoArray(lanes, 2 * LANES);
        c10.intoArray(lanes, PANEL);
        c11.intoArray(lanes, PANEL + LANES);
        c12.intoArray(lanes, PANEL + 2 * LANES);
        c20.intoArray(lanes, 2 * PANEL);
        c21.intoArray(lanes, 2 * PANEL + LANES);
        c22.intoArray(lanes, 2 * PANEL + 2 * LANES);
        c30.intoArray(lanes, 3 * PANEL);
        c31.intoArray(lanes, 3 * PANEL + LANES);
        c32.intoArray(lanes, 3 * PANEL + 2 * LANES);
        c40.intoArray(lanes, 4 * PANEL);
        c41.intoArray(lanes, 4 * PANEL + LANES);
        c42.intoArray(lanes, 4 * PANEL + 2 * LANES);
        c50.intoArray(lanes, 5 * PANEL);
        c51.intoArray(lanes, 5 * PANEL + LANES);
        c52.intoArray(lanes, 5 * PANEL + 2 * LANES);
        store(lanes, i0, Math.min(ROWS, ni - i0), normI, normJ, j0, width, nj, out);
    }

    /**
     * Writes a block's rows from its dot products, clamping rounding's negative distances to zero.
     * Loops and Math.max rather than branches: the rectangular case never takes the branches the
     * symmetric case takes (zero diagonal, last partial block), and a branch the first compilation
     * never saw taken would send the kernel back to the interpreter in the middle of an estimate.
     */
    private static void store(double[] dots, int i0, int rows, double[] normI, double[] normJ, int j0, int width,
            int nj, double[] out) {
        for (int r = 0; r < rows; r++) {
            int i = i0 + r;
            int row = i * nj;
            for (int c = 0; c < width; c++) {
                int j = j0 + c;
                out[row + j] = Math.max(normI[i] + normJ[j] - 2.0 * dots[r * PANEL + c], 0.0);
            }
        }
    }

    /**
     * The symmetric case: copies a block's rows [i0, i0 + rows) x columns [j0, j0 + width) to its
     * transpose, which only this panel's thread touches (column i of the panel's own rows), while
     * the block is still in cache. The pairs (i, j) and (j, i) get bitwise the same value, so
     * overlapping writes near the diagonal agree. Kept out of the vector kernel, whose compiled
     * code must not see a branch that differs between the symmetric and the rectangular case.
     */
    private static void mirror(double[] out, int i0, int rows, int j0, int width, int nj) {
        for (int i = i0; i < i0 + rows; i++) {
            for (int j = j0; j < j0 + width; j++) {
                out[j * nj + i] = out[i * nj + j];
            }
        }
    }

    /**
     * Squared norms by the same fused multiply-add sequence the kernel uses.
     *
     * @throws IllegalArgumentException if one overflows
     */
    private static double[] norms(Matrix m, int[] rows) {
        int d = m.cols();
        double[] data = m.data();
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int off = rows[i] * d;
            double acc = 0.0;
            for (int k = 0; k < d; k++) {
                acc = Math.fma(data[off + k], data[off + k], acc);
            }
            if (!(acc <= MAX_NORM)) {
                // |a|^2 + |b|^2 and 2 a.b must stay finite, or a distance would be infinity minus infinity.
                throw new IllegalArgumentException("row " + rows[i] + "'s squared norm overflows; expected at most "
                        + MAX_NORM + " (values well below 1e154: scale the data first)");
            }
            out[i] = acc;
        }
        return out;
    }

    /**
     * Lays the rows out in micro-panels of {@link #ROWS}: for each block of six rows, their values
     * of column 0, then of column 1, ..., so that the kernel's six broadcasts per column read one
     * contiguous run. Missing rows of the last block are zero.
     */
    private static double[] packRows(Matrix m, int[] rows, int paddedRows) {
        int d = m.cols();
        double[] data = m.data();
        double[] out = new double[paddedRows * d];
        for (int i = 0; i < rows.length; i++) {
            int base = (i / ROWS) * ROWS * d + i % ROWS;
            int off = rows[i] * d;
            for (int k = 0; k < d; k++) {
                out[base + k * ROWS] = data[off + k];
            }
        }
        return out;
    }

    /** Lays rows [j0, j0 + width) out column by column, zero-padded to the panel width. */
    private static void packPanel(Matrix m, int[] rows, int j0, int width, double[] panel) {
        int d = m.cols();
        double[] data = m.data();
        java.util.Arrays.fill(panel, 0.0);
        for (int c = 0; c < width; c++) {
            int off = rows[j0 + c] * d;
            for (int k = 0; k < d; k++) {
                panel[k * PANEL + c] = data[off + k];
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
