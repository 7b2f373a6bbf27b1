package org.mint4j.gmi.bench;

import java.io.PrintStream;
import java.util.Random;
import org.mint4j.gmi.ConditionalGmi;
import org.mint4j.gmi.Matrix;

/**
 * Does the estimator tell "X depends on Y given Z" from "X is independent of Y given Z", as Z's
 * dimension grows? For each n, dz and estimator option it draws both cases over several seeds and
 * prints the estimates' mean and spread, and whether every dependent estimate exceeds every
 * independent one. X has 3 columns, Y 2.
 *
 * <ul>
 *   <li>dependent: Y ~ N(0, I); X = tanh(2 Y A) + 0.1 noise; Z ~ N(0, I), unrelated;
 *   <li>independent given Z: Y = Z B + 0.3 noise and X = tanh(Z C) + 0.1 noise.
 * </ul>
 */
public final class PowerStudy {

    private final PrintStream out;

    public PowerStudy(PrintStream out) {
        this.out = out;
    }

    public void run(int[] ns, int[] dzs, int seeds) {
        out.println("| n | dz | estimator | dependent: mean ± sd | independent given Z: mean ± sd | separated |");
        out.println("|---|---|---|---|---|---|");
        String[] options = {"paper", "standardize", "pca-8"};
        for (int n : ns) {
            for (int dz : dzs) {
                for (String option : options) {
                    ConditionalGmi gmi = ConditionalGmi.builder().optStandardize(option.equals("standardize"))
                            .optZComponents(option.equals("pca-8") ? 8 : 0).build();
                    double[] dep = new double[seeds];
                    double[] ind = new double[seeds];
                    for (int s = 0; s < seeds; s++) {
                        Matrix[] d = dependent(new Random(1000L * s + dz + n), n, dz);
                        dep[s] = gmi.estimate(d[0], d[1], d[2]).estimate();
                        Matrix[] c = independentGivenZ(new Random(7000L * s + dz + n), n, dz);
                        ind[s] = gmi.estimate(c[0], c[1], c[2]).estimate();
                    }
                    out.printf("| %d | %d | %s | %s | %s | %s |%n", n, dz, option, meanSd(dep), meanSd(ind),
                            min(dep) > max(ind) ? "yes" : "no");
                }
            }
        }
    }

    static Matrix[] dependent(Random rng, int n, int dz) {
        Matrix y = Matrix.gaussian(rng, n, 2);
        Matrix z = Matrix.gaussian(rng, n, dz);
        double[] a = Matrix.gaussian(rng, 2, 3).data();
        double[] x = new double[n * 3];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < 3; c++) {
                double s = y.get(r, 0) * a[c] + y.get(r, 1) * a[3 + c];
                x[r * 3 + c] = Math.tanh(2 * s) + 0.1 * rng.nextGaussian();
            }
        }
        return new Matrix[] {new Matrix(n, 3, x), y, z};
    }

    static Matrix[] independentGivenZ(Random rng, int n, int dz) {
        Matrix z = Matrix.gaussian(rng, n, dz);
        double[] y = new double[n * 2];
        double[] x = new double[n * 3];
        int used = Math.min(dz, 4);
        double[] b = Matrix.gaussian(rng, used, 2).data();
        double[] c = Matrix.gaussian(rng, used, 3).data();
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < 2; k++) {
                double s = 0;
                for (int i = 0; i < used; i++) {
                    s += z.get(r, i) * b[i * 2 + k];
                }
                y[r * 2 + k] = s + 0.3 * rng.nextGaussian();
            }
            for (int k = 0; k < 3; k++) {
                double s = 0;
                for (int i = 0; i < used; i++) {
                    s += z.get(r, i) * c[i * 3 + k];
                }
                x[r * 3 + k] = Math.tanh(s) + 0.1 * rng.nextGaussian();
            }
        }
        return new Matrix[] {new Matrix(n, 3, x), new Matrix(n, 2, y), z};
    }

    private static String meanSd(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return String.format("%.3f ± %.3f", m, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0);
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElseThrow();
    }
}
