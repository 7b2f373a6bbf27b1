package org.mint4j.gmi;

import java.util.Random;

/**
 * Projection onto the top principal components of a set of columns, for conditioning on a
 * low-dimensional summary of Z instead of Z itself (a remedy for a high-dimensional Z swamping the
 * distances; off by default). The column means and covariance are computed once; the components
 * of any subset of columns come from the matching block of the covariance, by subspace iteration
 * from a fixed start, so results are deterministic. Only the span of the components matters to
 * the estimator, since distances do not change under a rotation within it.
 */
final class PrincipalComponents {

    private static final int ITERATIONS = 60;

    private final Matrix data;
    private final double[] mean;
    private final double[] covariance;

    PrincipalComponents(Matrix data) {
        this.data = data;
        int n = data.rows();
        int d = data.cols();
        double[] x = data.data();
        mean = new double[d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                mean[c] += x[r * d + c];
            }
        }
        for (int c = 0; c < d; c++) {
            mean[c] /= n;
        }
        covariance = new double[d * d];
        double[] centred = new double[d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                centred[c] = x[r * d + c] - mean[c];
            }
            for (int a = 0; a < d; a++) {
                double va = centred[a];
                int row = a * d;
                for (int b = a; b < d; b++) {
                    covariance[row + b] += va * centred[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                covariance[a * d + b] /= n;
                covariance[b * d + a] = covariance[a * d + b];
            }
        }
    }

    /** The centred {@code columns} of the data projected on their top {@code q} components (n x q). */
    Matrix project(int[] columns, int q) {
        int k = columns.length;
        int comps = Math.min(q, k);
        int d = data.cols();
        double[] block = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                block[a * k + b] = covariance[columns[a] * d + columns[b]];
            }
        }
        double[] basis = topEigenvectors(block, k, comps);
        int n = data.rows();
        double[] out = new double[n * comps];
        double[] x = data.data();
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < k; i++) {
                double v = x[r * d + columns[i]] - mean[columns[i]];
                for (int c = 0; c < comps; c++) {
                    out[r * comps + c] += v * basis[i * comps + c];
                }
            }
        }
        return new Matrix(n, comps, out);
    }

    /** An orthonormal basis (k x q, row-major) of the dominant q-dimensional invariant subspace. */
    static double[] topEigenvectors(double[] sym, int k, int q) {
        Random rng = new Random(0x5EED);
        double[] v = new double[k * q];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        orthonormalize(v, k, q);
        double[] next = new double[k * q];
        for (int it = 0; it < ITERATIONS; it++) {
            java.util.Arrays.fill(next, 0);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    double s = sym[a * k + b];
                    if (s == 0) {
                        continue;
                    }
                    for (int c = 0; c < q; c++) {
                        next[a * q + c] += s * v[b * q + c];
                    }
                }
            }
            orthonormalize(next, k, q);
            double[] t = v;
            v = next;
            next = t;
        }
        return v;
    }

    /** Modified Gram-Schmidt on the q columns of a k x q matrix; a vanishing column is replaced by a unit vector. */
    private static void orthonormalize(double[] m, int k, int q) {
        for (int c = 0; c < q; c++) {
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int r = 0; r < k; r++) {
                    dot += m[r * q + c] * m[r * q + p];
                }
                for (int r = 0; r < k; r++) {
                    m[r * q + c] -= dot * m[r * q + p];
                }
            }
            double norm = 0;
            for (int r = 0; r < k; r++) {
                norm += m[r * q + c] * m[r * q + c];
            }
            norm = Math.sqrt(norm);
            if (norm < 1e-300) {
                for (int r = 0; r < k; r++) {
                    m[r * q + c] = r == c % k ? 1 : 0;
                }
            } else {
                for (int r = 0; r < k; r++) {
                    m[r * q + c] /= norm;
                }
            }
        }
    }
}
