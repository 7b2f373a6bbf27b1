package org.mint4j.gmi.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;
import org.mint4j.gmi.ColumnGroups;
import org.mint4j.gmi.ConditionalGmi;
import org.mint4j.gmi.GmiResult;
import org.mint4j.gmi.LayerPairScorer;
import org.mint4j.gmi.Matrix;
import org.mint4j.gmi.PairScores;
import org.mint4j.gmi.Parallel;

/**
 * Times the estimator at the MNIST-MLP shapes and prints the figures next to a textbook baseline
 * measured in the same run: (a) one estimate from scratch on one core, (b) the amortised time per
 * estimate of the layer-pair scorer at fc1->fc2, (c) the whole fc2->fc3 layer pair, and the
 * projected wall time of the MLP at the paper's settings; (d) a pair at ResNet-56's widest shape and
 * the projected wall time of ResNet-56 if every estimate cost as much.
 */
public final class EstimatorBenchmark {

    private static final int N = 6500;
    /** fc1->fc2: 500 parents in 250 groups, 300 children in 100 groups. */
    private static final int FC1_GROUPS = 250;
    private static final int FC2_GROUPS = 100;
    /** fc2->fc3: 300 parents in 300 groups, 10 children in 10 groups. */
    private static final int FC2_PARENT_GROUPS = 300;
    private static final int FC3_GROUPS = 10;
    /** ResNet-56 at the paper's settings: m = 500 per class, 94,208 estimates over its 54 pairs. */
    private static final int RESNET_N = 5000;
    private static final int RESNET_ESTIMATES = 94_208;
    /** Its widest pairs: 64 channels, a group each, on both sides. */
    private static final int RESNET_WIDTH = 64;

    private final PrintStream out;
    private final int threads;
    private final long seed;

    public EstimatorBenchmark(PrintStream out, int threads, long seed) {
        this.out = out;
        this.threads = threads;
        this.seed = seed;
    }

    /** Runs all parts; {@code parentGroupsB} parent groups of fc1->fc2 are scored for part (b). */
    public void run(int parentGroupsB) {
        out.printf("mint4j estimator benchmark: n = %d, %d threads, %d cores, %s%n", N, threads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        Random rng = new Random(seed);

        // (a) one estimate from scratch, one core.
        Matrix[] xyz = oneEstimateInput(rng);
        Matrix x = xyz[0];
        Matrix y = xyz[1];
        Matrix z = xyz[2];
        ConditionalGmi single = ConditionalGmi.builder().optThreads(1).build();
        for (int w = 0; w < 2; w++) {
            single.estimate(x, y, z); // warm-up: JIT compilation
        }
        double[] times = new double[7];
        GmiResult result = null;
        for (int t = 0; t < times.length; t++) {
            long t0 = System.nanoTime();
            result = single.estimate(x, y, z);
            times[t] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(times);
        out.printf("(a) one estimate, dx/dy/dz = 3/2/498, 1 thread: median %.0f ms of %d (min %.0f, max %.0f); R = %d%n",
                times[times.length / 2], times.length, times[0], times[times.length - 1], result.r());
        long t0 = System.nanoTime();
        int baselineR = TextbookEstimator.crossingEdges(x, y, z);
        double baselineMs = (System.nanoTime() - t0) / 1e6;
        out.printf("    baseline, textbook Java (scalar distances on the fly, dense Prim), 1 thread: %.0f ms; R = %d (%s)%n",
                baselineMs, baselineR, baselineR == result.r() ? "same" : "DIFFERENT");
        out.printf("    speed-up %.1fx; authors' Python code measured in NOTES.md: 164 s%n",
                baselineMs / times[times.length / 2]);

        // (b) fc1 -> fc2, a slice of the parent groups, all threads.
        Matrix fc1 = activations(rng, Matrix.gaussian(rng, N, 64), 500);
        Matrix fc2 = activations(rng, fc1, 300);
        LayerPairScorer scorer = LayerPairScorer.builder().optThreads(threads).build();
        ColumnGroups g1 = ColumnGroups.sequential(500, FC1_GROUPS);
        ColumnGroups g2 = ColumnGroups.sequential(300, FC2_GROUPS);
        t0 = System.nanoTime();
        PairScores b = scorer.score(fc1, fc2, g1, g2, 0, parentGroupsB);
        double bSeconds = (System.nanoTime() - t0) / 1e9;
        int bEstimates = b.childGroups() * b.parentGroups();
        double bPerEstimateCore = bSeconds * threads / bEstimates * 1e3;
        out.printf("(b) fc1->fc2 scorer, %d parent groups x %d child groups = %d estimates in %.1f s: "
                + "%.1f ms per estimate per core%n", parentGroupsB, FC2_GROUPS, bEstimates, bSeconds, bPerEstimateCore);

        // (c) fc2 -> fc3, the whole layer pair.
        Matrix fc3 = activations(rng, fc2, 10);
        t0 = System.nanoTime();
        PairScores c = scorer.score(fc2, fc3, ColumnGroups.sequential(300, FC2_PARENT_GROUPS),
                ColumnGroups.sequential(10, FC3_GROUPS));
        double cSeconds = (System.nanoTime() - t0) / 1e9;
        int cEstimates = c.childGroups() * c.parentGroups();
        out.printf("(c) fc2->fc3 scorer, whole pair: %d estimates in %.1f s (%.1f ms per estimate per core)%n",
                cEstimates, cSeconds, cSeconds * threads / cEstimates * 1e3);

        int fc1Estimates = FC1_GROUPS * FC2_GROUPS;
        double projected = bSeconds / bEstimates * fc1Estimates + cSeconds;
        out.printf("    projected MLP at the paper's settings (%d + %d estimates) on %d threads: %.1f min%n",
                fc1Estimates, cEstimates, threads, projected / 60);
        out.printf("    textbook baseline projected for the same %d estimates: %.1f h on %d threads%n",
                fc1Estimates + cEstimates, baselineMs / 1e3 * (fc1Estimates + cEstimates) / threads / 3600, threads);

        // (d) a ResNet-56-shaped pair, a quarter of its parent groups.
        Matrix convA = activations(rng, Matrix.gaussian(rng, RESNET_N, 16), RESNET_WIDTH);
        Matrix convB = activations(rng, convA, RESNET_WIDTH);
        ColumnGroups channels = ColumnGroups.sequential(RESNET_WIDTH, RESNET_WIDTH);
        t0 = System.nanoTime();
        PairScores d = scorer.score(convA, convB, channels, channels, 0, RESNET_WIDTH / 4);
        double dSeconds = (System.nanoTime() - t0) / 1e9;
        int dEstimates = d.childGroups() * d.parentGroups();
        out.printf("(d) ResNet-56-shaped pair (n = %d, %d x %d channels), %d estimates in %.1f s: %.1f ms per estimate "
                + "per core%n", RESNET_N, RESNET_WIDTH, RESNET_WIDTH, dEstimates, dSeconds,
                dSeconds * threads / dEstimates * 1e3);
        out.printf("    projected ResNet-56 at the paper's settings (%d estimates, each as (d)'s) on %d threads: %.1f min%n",
                RESNET_ESTIMATES, threads, dSeconds / dEstimates * RESNET_ESTIMATES / 60);
    }

    /**
     * X, Y and Z of part (a), drawn first from the benchmark's generator: with {@code new
     * Random(seed)}, the input that part (a) times for that seed.
     */
    public static Matrix[] oneEstimateInput(Random rng) {
        return new Matrix[] {Matrix.gaussian(rng, N, 3), Matrix.gaussian(rng, N, 2), Matrix.gaussian(rng, N, 498)};
    }

    /** ReLU(input W + noise) with random W: activations shaped like a trained layer's. */
    public static Matrix activations(Random rng, Matrix input, int width) {
        int n = input.rows();
        int d = input.cols();
        double[] w = new double[d * width];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian() / Math.sqrt(d);
        }
        double[] out = new double[n * width];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < d; k++) {
                double v = input.get(r, k);
                for (int c = 0; c < width; c++) {
                    out[r * width + c] += v * w[k * width + c];
                }
            }
            for (int c = 0; c < width; c++) {
                out[r * width + c] = Math.max(0, out[r * width + c] + 0.1 * rng.nextGaussian());
            }
        }
        return new Matrix(n, width, out);
    }

    /**
     * The estimator as one would first write it: explicit points, distances computed on the fly
     * with scalar loops inside dense Prim, no shared work. The comparison baseline only.
     */
    static final class TextbookEstimator {

        static int crossingEdges(Matrix x, Matrix y, Matrix z) {
            int n = x.rows();
            int n23 = 2 * n / 3;
            int h = n23 / 2;
            int m = n - n23;
            int points = m + h;
            double[][] pts = new double[points][];
            for (int p = 0; p < points; p++) {
                int row = p < m ? n23 + p : p - m;
                int yRow = p < m ? row : h + nearestInB(z, row, h, n23);
                pts[p] = concat(x, row, y, yRow, z, row);
            }
            double[] key = new double[points];
            int[] parent = new int[points];
            boolean[] in = new boolean[points];
            Arrays.fill(key, Double.POSITIVE_INFINITY);
            key[0] = 0;
            int crossing = 0;
            for (int it = 0; it < points; it++) {
                int u = -1;
                for (int v = 0; v < points; v++) {
                    if (!in[v] && (u < 0 || key[v] < key[u])) {
                        u = v;
                    }
                }
                in[u] = true;
                if (it > 0 && (u < m) != (parent[u] < m)) {
                    crossing++;
                }
                for (int v = 0; v < points; v++) {
                    if (!in[v]) {
                        double d = squared(pts[u], pts[v]);
                        if (d < key[v]) {
                            key[v] = d;
                            parent[v] = u;
                        }
                    }
                }
            }
            return crossing;
        }

        private static int nearestInB(Matrix z, int row, int from, int to) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int b = from; b < to; b++) {
                double d = 0;
                for (int c = 0; c < z.cols(); c++) {
                    double t = z.get(row, c) - z.get(b, c);
                    d += t * t;
                }
                if (d < bestD) {
                    bestD = d;
                    best = b - from;
                }
            }
            return best;
        }

        private static double[] concat(Matrix x, int xr, Matrix y, int yr, Matrix z, int zr) {
            double[] p = new double[x.cols() + y.cols() + z.cols()];
            int c = 0;
            for (int i = 0; i < x.cols(); i++) {
                p[c++] = x.get(xr, i);
            }
            for (int i = 0; i < y.cols(); i++) {
                p[c++] = y.get(yr, i);
            }
            for (int i = 0; i < z.cols(); i++) {
                p[c++] = z.get(zr, i);
            }
            return p;
        }

        private static double squared(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                double t = a[i] - b[i];
                s += t * t;
            }
            return s;
        }
    }

    public static void main(String[] args) {
        int threads = Parallel.threadsOrCores(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        int groups = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        new EstimatorBenchmark(System.out, threads, 1).run(groups);
    }
}
