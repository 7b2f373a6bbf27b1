package org.mint4j.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mint4j.data.ImageSet;
import org.mint4j.data.Normalization;
import org.mint4j.gmi.ColumnGroups;
import org.mint4j.gmi.Matrix;
import org.mint4j.nn.Mlp;
import org.mint4j.train.EngineSetup;

class TaylorCriterionTest {

    /** W1[k][i] and b1 of fc1 (2 -> 3, ReLU), W2[o][k] and b2 of fc2 (3 -> 2 classes). */
    private static final float[] W1 = {0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f};
    private static final float[] B1 = {0.1f, -0.6f, 0.2f};
    private static final float[] W2 = {1f, -0.5f, 0.3f, -1.2f, 0.8f, 0.6f};
    private static final float[] B2 = {0.05f, -0.05f};

    /**
     * The gradient of the cross-entropy summed over images, computed by hand in double precision
     * for a 2-3-2 ReLU network with dropout 0.5 (off in the inference-mode pass the criterion
     * uses), over more images than one backward pass takes, in an order that skips some images.
     */
    @Test
    void equalsAHandComputationOnATwoLayerNetwork() {
        EngineSetup.configure(1);
        int n = 3 * LossGradients.BATCH;
        Random random = new Random(7);
        byte[] pixels = new byte[2 * n];
        random.nextBytes(pixels);
        int[] labels = random.ints(n, 0, 2).toArray();
        ImageSet images = new ImageSet("toy", pixels, labels, 1, 1, 2, 2,
                new Normalization(new double[] {0}, new double[] {1}));
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(order, random);
        int[] indices = order.subList(0, n - 10).stream().mapToInt(Integer::intValue).toArray();

        double[] expected1 = new double[6];
        double[] expected2 = new double[6];
        for (int image : indices) {
            double[] x = {(pixels[2 * image] & 0xFF) / 255.0, (pixels[2 * image + 1] & 0xFF) / 255.0};
            double[] h = new double[3];
            for (int k = 0; k < 3; k++) {
                h[k] = Math.max(0, W1[2 * k] * x[0] + W1[2 * k + 1] * x[1] + B1[k]);
            }
            double[] z = new double[2];
            for (int o = 0; o < 2; o++) {
                z[o] = W2[3 * o] * h[0] + W2[3 * o + 1] * h[1] + W2[3 * o + 2] * h[2] + B2[o];
            }
            double[] delta = {1 / (1 + Math.exp(z[1] - z[0])), 1 / (1 + Math.exp(z[0] - z[1]))};
            delta[labels[image]] -= 1;
            for (int o = 0; o < 2; o++) {
                for (int k = 0; k < 3; k++) {
                    expected2[3 * o + k] += delta[o] * h[k];
                }
            }
            for (int k = 0; k < 3; k++) {
                double back = h[k] > 0 ? delta[0] * W2[k] + delta[1] * W2[3 + k] : 0;
                for (int i = 0; i < 2; i++) {
                    expected1[2 * k + i] += back * x[i];
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = new Mlp(new int[] {2, 3, 2}, 0.5f);
            net.initialize(m, 1);
            net.namedParameters().get("fc1.weight").getArray().set(W1);
            net.namedParameters().get("fc1.bias").getArray().set(B1);
            net.namedParameters().get("fc2.weight").getArray().set(W2);
            net.namedParameters().get("fc2.bias").getArray().set(B2);
            Map<String, float[]> gradients = LossGradients.sum(net, images, indices, m);
            assertClose(expected1, gradients.get("fc1.weight"), "fc1.weight");
            float[] g = gradients.get("fc2.weight");
            assertClose(expected2, g, "fc2.weight");

            // One child group (both outputs), two parent groups over fc2's three inputs: blocks of
            // 4 and 2 weights, each scored by the mean of |w g| over its weights.
            ColumnGroups parentGroups = ColumnGroups.sequential(3, 2);
            PairData data = new PairData(new LayerPair("fc1", "fc2", 2, 1), Matrix.of(new double[][] {{0, 0, 0}}),
                    Matrix.of(new double[][] {{0, 0}}), parentGroups, ColumnGroups.sequential(2, 1), W2,
                    new long[] {2, 3}, g);
            double[][] scores = new TaylorCriterion(1).score(data, 1, Criterion.Progress.NONE);
            for (int j = 0; j < 2; j++) {
                int[] columns = parentGroups.columns(j);
                double sum = 0;
                for (int o = 0; o < 2; o++) {
                    for (int k : columns) {
                        sum += Math.abs(W2[3 * o + k] * expected2[3 * o + k]);
                    }
                }
                assertEquals(sum / (2 * columns.length), scores[0][j], 1e-5 * sum, "block " + j);
            }
        }
    }

    private static void assertClose(double[] expected, float[] actual, String name) {
        assertEquals(expected.length, actual.length, name);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 1e-4 * (1 + Math.abs(expected[k])), name + " element " + k);
        }
    }

    @Test
    void isRegisteredAndAsksForGradients() {
        Criterion taylor = Criteria.create("taylor", new Criterion.Context(1, Map.of("samples_per_class", 20)));
        assertTrue(taylor.needsGradients());
        assertEquals(Map.of("samples_per_class", "20", "loss", "cross_entropy_sum", "reduction", "block_mean",
                "batch_norm", "inference"),
                taylor.settings());
        assertFalse(new MagnitudeCriterion().needsGradients());
    }
}
