package org.mint4j.gmi;

/**
 * A few columns of a matrix gathered for a list of points and stored column by column
 * ({@code values[c * count + p]}), so that distance updates stream through memory. These carry
 * the low-dimensional parts of a distance (the child group, the parent group) that are added to or
 * subtracted from a precomputed high-dimensional part.
 */
final class PointCoordinates {

    static final PointCoordinates NONE = new PointCoordinates(0, 0, new double[0]);

    final int dims;
    final int count;
    final double[] values;

    private PointCoordinates(int dims, int count, double[] values) {
        this.dims = dims;
        this.count = count;
        this.values = values;
    }

    /** Columns {@code columns} of rows {@code rows[p]}, for each point p. */
    static PointCoordinates gather(Matrix m, int[] columns, int[] rows) {
        return gather(new Matrix[] {m}, new int[][] {columns}, new int[][] {rows});
    }

    /** The concatenation of several column sets, each taken from its own matrix and row list. */
    static PointCoordinates gather(Matrix[] matrices, int[][] columns, int[][] rows) {
        int count = rows[0].length;
        int dims = 0;
        for (int[] c : columns) {
            dims += c.length;
        }
        double[] values = new double[dims * count];
        int c0 = 0;
        for (int s = 0; s < matrices.length; s++) {
            Matrix m = matrices[s];
            for (int c = 0; c < columns[s].length; c++) {
                int col = columns[s][c];
                int base = (c0 + c) * count;
                for (int p = 0; p < count; p++) {
                    values[base + p] = m.get(rows[s][p], col);
                }
            }
            c0 += columns[s].length;
        }
        return new PointCoordinates(dims, count, values);
    }
}
