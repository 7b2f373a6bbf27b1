package org.mint4j.gmi;

/**
 * Scales each column to mean 0 and standard deviation 1 over the rows, so that no column
 * dominates the Euclidean distances by its scale alone. A constant column becomes all zeros.
 */
final class Standardization {

    private Standardization() {
    }

    static Matrix apply(Matrix m) {
        int n = m.rows();
        int d = m.cols();
        double[] in = m.data();
        double[] out = new double[in.length];
        for (int c = 0; c < d; c++) {
            double mean = 0;
            for (int r = 0; r < n; r++) {
                mean += in[r * d + c];
            }
            mean /= n;
            double var = 0;
            for (int r = 0; r < n; r++) {
                double t = in[r * d + c] - mean;
                var += t * t;
            }
            double sd = Math.sqrt(var / n);
            double scale = sd > 0 ? 1.0 / sd : 0.0;
            for (int r = 0; r < n; r++) {
                out[r * d + c] = (in[r * d + c] - mean) * scale;
            }
        }
        return new Matrix(n, d, out);
    }
}
