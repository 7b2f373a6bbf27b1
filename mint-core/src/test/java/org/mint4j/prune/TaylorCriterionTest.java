package org.mint4j.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mint4j.data.ImageSet;
import org.mint4j.data.Normalization;
import org.mint4j.gmi.ColumnGroups;
import org.mint4j.gmi.Matrix;
import org.mint4j.nn.Mlp;
import org.mint4j.train.EngineSetup;

class TaylorCriterionTest {

    /** Inputs (1, 0), (0, 1), (1, 1): pixels 255 and 0 under mean 0, std 1 are 1 and 0. */
    private static final double[][] X = {{1, 0}, {0, 1}, {1, 1}};
    private static final int[] LABELS = {0, 1, 1};
    /** W[o][i] of the one linear layer 2 -> 2 classes, bias 0. */
    private static final float[] W = {0.5f, -1f, 2f, 0.25f};

    @Test
    void equalsAHandComputationOnOneLinearLayer() {
        EngineSetup.configure(1);
        byte[] pixels = new byte[6];
        for (int n = 0; n < 3; n++) {
            for (int i = 0; i < 2; i++) {
                pixels[2 * n + i] = (byte) (X[n][i] == 1 ? 255 : 0);
            }
        }
        ImageSet images = new ImageSet("toy", pixels, LABELS, 1, 1, 2, 2,
                new Normalization(new double[] {0}, new double[] {1}));
        // dL/dW[o][i] = sum over images of (softmax(W x)[o] - [o = label]) x[i], L summed over images.
        double[] expected = new double[4];
        for (int n = 0; n < 3; n++) {
            double z0 = W[0] * X[n][0] + W[1] * X[n][1];
            double z1 = W[2] * X[n][0] + W[3] * X[n][1];
            double[] p = {1 / (1 + Math.exp(z1 - z0)), 1 / (1 + Math.exp(z0 - z1))};
            for (int o = 0; o < 2; o++) {
                for (int i = 0; i < 2; i++) {
                    expected[o * 2 + i] += (p[o] - (LABELS[n] == o ? 1 : 0)) * X[n][i];
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = new Mlp(new int[] {2, 2}, 0);
            net.initialize(m, 1);
            net.namedParameters().get("fc1.weight").getArray().set(W);
            net.namedParameters().get("fc1.bias").getArray().set(new float[2]);
            float[] g = LossGradients.sum(net, images, new int[] {0, 1, 2}, m).get("fc1.weight");
            for (int k = 0; k < 4; k++) {
                assertEquals(expected[k], g[k], 1e-5, "element " + k);
            }
            // One child group, two parent groups (one input each): block j sums |w g| over column j.
            PairData data = new PairData(new LayerPair("in", "fc1", 2, 1), Matrix.of(new double[][] {{0, 0}}),
                    Matrix.of(new double[][] {{0, 0}}), ColumnGroups.sequential(2, 2), ColumnGroups.sequential(2, 1),
                    W, new long[] {2, 2}, g);
            double[][] scores = new TaylorCriterion(1).score(data, 1, Criterion.Progress.NONE);
            assertArrayEquals(new double[] {
                Math.abs(W[0] * expected[0]) + Math.abs(W[2] * expected[2]),
                Math.abs(W[1] * expected[1]) + Math.abs(W[3] * expected[3])}, scores[0], 1e-5);
        }
    }

    @Test
    void isRegisteredAndAsksForGradients() {
        Criterion taylor = Criteria.create("taylor", new Criterion.Context(1, Map.of("samples_per_class", 20)));
        assertTrue(taylor.needsGradients());
        assertEquals(Map.of("samples_per_class", "20", "loss", "cross_entropy_sum", "batch_norm", "inference"),
                taylor.settings());
        assertFalse(new MagnitudeCriterion().needsGradients());
    }
}
