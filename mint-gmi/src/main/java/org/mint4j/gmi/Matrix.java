package org.mint4j.gmi;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A dense row-major matrix of doubles: one row per sample, one column per feature. The estimator's
 * plain input type; it holds no reference to any deep-learning library.
 */
public final class Matrix implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int cols;
    private final double[] data;

    /**
     * Wraps {@code data} (row-major, not copied).
     *
     * @throws IllegalArgumentException if the length is not {@code rows * cols}
     */
    public Matrix(int rows, int cols, double[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix size " + rows + "x" + cols);
        }
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "matrix " + rows + "x" + cols + " needs " + (long) rows * cols + " values, got " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** Copies a rectangular array of rows. */
    public static Matrix of(double[][] values) {
        int cols = values.length == 0 ? 0 : values[0].length;
        double[] data = new double[values.length * cols];
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != cols) {
                throw new IllegalArgumentException(
                        "row " + r + " has " + values[r].length + " columns, row 0 has " + cols);
            }
            System.arraycopy(values[r], 0, data, r * cols, cols);
        }
        return new Matrix(values.length, cols, data);
    }

    /** Widens a row-major float array (as activations come from a network). */
    public static Matrix ofFloats(int rows, int cols, float[] values) {
        double[] data = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = values[i];
        }
        return new Matrix(rows, cols, data);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public double get(int row, int col) {
        return data[row * cols + col];
    }

    /** The backing row-major array (not a copy). */
    public double[] data() {
        return data;
    }

    /** A new matrix holding the given columns, in the given order. */
    public Matrix selectColumns(int[] columns) {
        double[] out = new double[rows * columns.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns.length; c++) {
                out[r * columns.length + c] = data[r * cols + columns[c]];
            }
        }
        return new Matrix(rows, columns.length, out);
    }

    /**
     * Checks every value is finite.
     *
     * @throws IllegalArgumentException naming the matrix, row and column of the first bad value
     */
    public void requireFinite(String name) {
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException(name + " has a non-finite value " + data[i]
                        + " at row " + i / cols + ", column " + i % cols);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + "x" + cols + "]";
    }
}
