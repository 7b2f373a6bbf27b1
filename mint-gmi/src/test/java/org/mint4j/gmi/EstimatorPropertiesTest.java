package org.mint4j.gmi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of the estimator checked against brute force on synthetic data. */
class EstimatorPropertiesTest {

    @Test
    void treeAndBootstrapEqualBruteForceOnRandomInputs() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            int n = 6 + rng.nextInt(80);
            Matrix x = TestData.gaussian(rng, n, 1 + rng.nextInt(3));
            Matrix y = TestData.gaussian(rng, n, 1 + rng.nextInt(3));
            Matrix z = TestData.gaussian(rng, n, 1 + rng.nextInt(6));
            ConditionalGmi.Trace trace = ConditionalGmi.builder().optThreads(1).build().trace(x, y, z);

            SampleSplit split = SampleSplit.of(n);
            int[] donors = bruteForceDonors(z, split);
            assertArrayEquals(donors, trace.donors(), "trial " + trial);
            double[][] points = bruteForcePoints(x, y, z, split, donors);
            double[] kruskal = kruskal(points, split.m());
            assertEquals(kruskal[0], trace.result().mstWeight(), 1e-9 * kruskal[0], "weight, trial " + trial);
            // Random continuous data has no distance ties, so the tree and its count are unique.
            assertEquals((int) kruskal[1], trace.result().r(), "R, trial " + trial);
        }
    }

    @Test
    void aBackgroundWarmUpRunsUntilClosedAndLeavesTheEstimateAlone() throws InterruptedException {
        Random rng = new Random(12);
        Matrix x = TestData.gaussian(rng, 300, 3);
        Matrix y = TestData.gaussian(rng, 300, 2);
        Matrix z = TestData.gaussian(rng, 300, 20);
        ConditionalGmi gmi = ConditionalGmi.builder().optThreads(2).build();
        GmiResult before = gmi.estimate(x, y, z);
        BackgroundWarmUp warmUp = gmi.warmUpInBackground(3, 2);
        while (warmUp.rounds() < 3) {
            Thread.sleep(5);
        }
        assertEquals(before, gmi.estimate(x, y, z));
        warmUp.close();
        int rounds = warmUp.rounds();
        assertTrue(warmUp.millis() > 0);
        Thread.sleep(50);
        assertEquals(rounds, warmUp.rounds(), "no round starts after close");
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        Random rng = new Random(11);
        Matrix x = TestData.gaussian(rng, 700, 3);
        Matrix y = TestData.gaussian(rng, 700, 2);
        Matrix z = TestData.gaussian(rng, 700, 40);
        GmiResult one = ConditionalGmi.builder().optThreads(1).build().estimate(x, y, z);
        GmiResult four = ConditionalGmi.builder().optThreads(4).build().estimate(x, y, z);
        assertEquals(one, four);
    }

    @Test
    void separatesDependenceFromConditionalIndependenceAtLowDimensionalZ() {
        Random rng = new Random(3);
        int n = 900;
        Matrix z = TestData.gaussian(rng, n, 4);
        double[] xd = new double[n];
        double[] yd = new double[n];
        double[] xIndep = new double[n];
        double[] yOfZ = new double[n];
        for (int r = 0; r < n; r++) {
            // Dependent: X is a function of Y, which Z does not explain.
            yd[r] = rng.nextGaussian();
            xd[r] = Math.tanh(2 * yd[r]) + 0.05 * rng.nextGaussian();
            // Conditionally independent: X and Y are both noisy functions of Z.
            yOfZ[r] = z.get(r, 0) + 0.1 * rng.nextGaussian();
            xIndep[r] = z.get(r, 0) - z.get(r, 1) + 0.1 * rng.nextGaussian();
        }
        double dependent = ConditionalGmi.standard().estimate(new Matrix(n, 1, xd), new Matrix(n, 1, yd), z).estimate();
        double independent = ConditionalGmi.standard()
                .estimate(new Matrix(n, 1, xIndep), new Matrix(n, 1, yOfZ), z).estimate();
        assertTrue(dependent > 0.3, "X = f(Y): " + dependent);
        assertTrue(Math.abs(independent) < 0.15, "X indep. of Y given Z: " + independent);
    }

    @Test
    void standardizationMakesTheEstimateScaleFree() {
        Random rng = new Random(5);
        Matrix x = TestData.gaussian(rng, 300, 2);
        Matrix y = TestData.gaussian(rng, 300, 2);
        Matrix z = TestData.gaussian(rng, 300, 3);
        double[] scaled = z.data().clone();
        for (int i = 0; i < scaled.length; i += 3) {
            scaled[i] *= 1000;
        }
        ConditionalGmi gmi = ConditionalGmi.builder().optStandardize(true).build();
        GmiResult a = gmi.estimate(x, y, z);
        GmiResult b = gmi.estimate(x, y, new Matrix(300, 3, scaled));
        assertEquals(a.r(), b.r());
    }

    @Test
    void projectionSpansTheDominantDirections() {
        // Z has 6 columns but varies along 2 directions only (plus tiny noise): projecting on 2
        // components keeps its distances.
        Random rng = new Random(13);
        int n = 200;
        double[] z = new double[n * 6];
        for (int r = 0; r < n; r++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            double[] row = {a, b, a + b, a - b, 2 * a, -b};
            for (int c = 0; c < 6; c++) {
                z[r * 6 + c] = row[c] + 1e-9 * rng.nextGaussian();
            }
        }
        Matrix zm = new Matrix(n, 6, z);
        Matrix p = new PrincipalComponents(zm).project(ConditionalGmi.allColumns(zm), 2);
        for (int[] pair : new int[][] {{0, 1}, {5, 77}, {100, 199}}) {
            double full = 0;
            double projected = 0;
            for (int c = 0; c < 6; c++) {
                double t = zm.get(pair[0], c) - zm.get(pair[1], c);
                full += t * t;
            }
            for (int c = 0; c < 2; c++) {
                double t = p.get(pair[0], c) - p.get(pair[1], c);
                projected += t * t;
            }
            assertEquals(full, projected, 1e-6 * full);
        }
    }

    static int[] bruteForceDonors(Matrix z, SampleSplit split) {
        int[] donors = new int[split.k()];
        for (int a = 0; a < split.k(); a++) {
            double best = Double.POSITIVE_INFINITY;
            for (int b = 0; b < split.sizeB(); b++) {
                double d = 0;
                for (int c = 0; c < z.cols(); c++) {
                    double t = z.get(a, c) - z.get(split.h() + b, c);
                    d += t * t;
                }
                if (d < best) {
                    best = d;
                    donors[a] = b;
                }
            }
        }
        return donors;
    }

    static double[][] bruteForcePoints(Matrix x, Matrix y, Matrix z, SampleSplit split, int[] donors) {
        int[] zRows = split.pointRows();
        int[] yRows = split.yRows(donors);
        double[][] points = new double[zRows.length][];
        for (int p = 0; p < zRows.length; p++) {
            double[] pt = new double[x.cols() + y.cols() + z.cols()];
            int c = 0;
            for (int i = 0; i < x.cols(); i++) {
                pt[c++] = x.get(zRows[p], i);
            }
            for (int i = 0; i < y.cols(); i++) {
                pt[c++] = y.get(yRows[p], i);
            }
            for (int i = 0; i < z.cols(); i++) {
                pt[c++] = z.get(zRows[p], i);
            }
            points[p] = pt;
        }
        return points;
    }

    /** Kruskal's MST on explicit points: {total weight, edges joining [0, m) to the rest}. */
    static double[] kruskal(double[][] points, int m) {
        int n = points.length;
        int[][] edges = new int[n * (n - 1) / 2][];
        double[] len = new double[edges.length];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d = 0;
                for (int c = 0; c < points[i].length; c++) {
                    double t = points[i][c] - points[j][c];
                    d += t * t;
                }
                len[e] = Math.sqrt(d);
                edges[e++] = new int[] {i, j};
            }
        }
        Integer[] order = new Integer[edges.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(len[a], len[b]));
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        double weight = 0;
        int crossing = 0;
        for (int idx : order) {
            int a = find(parent, edges[idx][0]);
            int b = find(parent, edges[idx][1]);
            if (a != b) {
                parent[a] = b;
                weight += len[idx];
                if ((edges[idx][0] < m) != (edges[idx][1] < m)) {
                    crossing++;
                }
            }
        }
        return new double[] {weight, crossing};
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
