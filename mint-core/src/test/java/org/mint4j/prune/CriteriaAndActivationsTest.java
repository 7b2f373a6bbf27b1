package org.mint4j.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mint4j.SharedData;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSet;
import org.mint4j.gmi.ColumnGroups;
import org.mint4j.gmi.Matrix;
import org.mint4j.nn.Mlp;
import org.mint4j.recipe.Recipe;
import org.mint4j.train.EngineSetup;

class CriteriaAndActivationsTest {

    static ImageSet test;

    @BeforeAll
    static void data() {
        EngineSetup.configure(2);
        test = Datasets.load("mnist", SharedData.directory(), false);
    }

    @Test
    void activationRowsComeFromTheSameImagesAtEveryLayer() {
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = Mlp.paper();
            net.initialize(m, 5);
            LayerActivations a = LayerActivations.record(net, test, 30, 9, m);
            int[] idx = a.imageIndices();
            assertEquals(300, idx.length);
            assertEquals(300, new HashSet<>(java.util.Arrays.stream(idx).boxed().toList()).size(), "no replacement");
            int[] perClass = new int[10];
            for (int i : idx) {
                perClass[test.label(i)]++;
            }
            int[] thirty = new int[10];
            java.util.Arrays.fill(thirty, 30);
            assertArrayEquals(thirty, perClass);
            // fc2's tap is relu(W2 fc1 + b2) of the same row: recompute it from fc1's tap.
            Matrix fc1 = a.layer("fc1");
            Matrix fc2 = a.layer("fc2");
            float[] w = net.namedParameters().get("fc2.weight").getArray().toFloatArray();
            float[] b = net.namedParameters().get("fc2.bias").getArray().toFloatArray();
            for (int r : new int[] {0, 123, 299}) {
                for (int o : new int[] {0, 17, 299}) {
                    double s = b[o];
                    for (int i = 0; i < 500; i++) {
                        s += w[o * 500 + i] * fc1.get(r, i);
                    }
                    assertEquals(Math.max(0, s), fc2.get(r, o), 1e-4, "row " + r + " output " + o);
                }
            }
            // Rows are not sorted by class: the estimator splits them by position.
            Set<Integer> firstLabels = new HashSet<>();
            for (int r = 0; r < 30; r++) {
                firstLabels.add(test.label(idx[r]));
            }
            assertTrue(firstLabels.size() > 3, "shuffled: " + firstLabels);
            assertThrows(IllegalArgumentException.class, () -> LayerActivations.record(net, test, 2000, 9, m));
        }
    }

    static PairData pairData(float[] weight) {
        Matrix parents = Matrix.of(new double[][] {{1, 2, 3, 4}});
        return new PairData(new LayerPair("a", "b", 2, 2), parents, Matrix.of(new double[][] {{1, 2}}),
                ColumnGroups.sequential(4, 2), ColumnGroups.sequential(2, 2), weight, new long[] {2, 4});
    }

    @Test
    void magnitudeIsTheMeanAbsoluteWeightOfEachBlock() {
        float[] w = {1, -3, 0, 0, 2, 2, -4, 8};
        double[][] s = new MagnitudeCriterion().score(pairData(w), 1, Criterion.Progress.NONE);
        assertArrayEquals(new double[] {2, 0}, s[0], 1e-12);
        assertArrayEquals(new double[] {2, 6}, s[1], 1e-12);
    }

    @Test
    void randomScoresRepeatForTheSameSeed() {
        float[] w = new float[8];
        double[][] a = new RandomCriterion(3).score(pairData(w), 1, Criterion.Progress.NONE);
        double[][] b = new RandomCriterion(3).score(pairData(w), 1, Criterion.Progress.NONE);
        double[][] c = new RandomCriterion(4).score(pairData(w), 1, Criterion.Progress.NONE);
        assertArrayEquals(a[1], b[1]);
        assertFalse(java.util.Arrays.deepEquals(a, c), "another seed gives other scores");
        for (double[] row : a) {
            for (double x : row) {
                assertTrue(x >= 0 && x < 1, "uniform in [0, 1): " + x);
            }
        }
    }
}
