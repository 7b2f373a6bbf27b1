package org.mint4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NesterovSgdTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(1);
    }

    /** torch.optim.SGD(lr, momentum, weight_decay, nesterov) written out in plain Java. */
    static double[] pytorchSgd(double[] w, double[][] grads, double lr, double momentum, double wd, boolean nesterov) {
        double[] weight = w.clone();
        double[] buf = null;
        for (double[] grad : grads) {
            double[] d = new double[weight.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = grad[i] + wd * weight[i];
            }
            if (buf == null) {
                buf = d.clone();
            } else {
                for (int i = 0; i < d.length; i++) {
                    buf[i] = momentum * buf[i] + d[i];
                }
            }
            for (int i = 0; i < d.length; i++) {
                double step = nesterov ? d[i] + momentum * buf[i] : buf[i];
                weight[i] -= lr * step;
            }
        }
        return weight;
    }

    @Test
    void matchesPytorchSemanticsOverSeveralSteps() {
        double[] w0 = {0.5, -1.0, 2.0};
        double[][] grads = {{0.1, 0.2, -0.3}, {-0.4, 0.05, 0.2}, {0.3, -0.1, 0.0}, {0.0, 0.7, -0.2}};
        for (boolean nesterov : new boolean[] {true, false}) {
            NesterovSgd sgd = NesterovSgd.builder().setLearningRate(0.1f).optMomentum(0.9f).optNesterov(nesterov)
                    .optWeightDecays(1e-2f).build();
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray w = m.create(new float[] {0.5f, -1.0f, 2.0f});
                for (double[] g : grads) {
                    sgd.update("w", w, m.create(new float[] {(float) g[0], (float) g[1], (float) g[2]}));
                }
                double[] expected = pytorchSgd(w0, grads, 0.1, 0.9, 1e-2, nesterov);
                float[] actual = w.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertEquals(expected[i], actual[i], 1e-6, "nesterov=" + nesterov + " element " + i);
                }
            }
        }
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> NesterovSgd.builder().build());
        assertThrows(IllegalArgumentException.class,
                () -> NesterovSgd.builder().setLearningRate(0.1f).optNesterov(true).build());
        assertThrows(IllegalArgumentException.class,
                () -> NesterovSgd.builder().setLearningRate(0.1f).optMomentum(1.5f).build());
    }

    @Test
    void multiStepScheduleMatchesPytorch() {
        MultiStepSchedule s = new MultiStepSchedule(0.1, new int[] {10, 20}, 0.1);
        assertEquals(0.1, s.rate(0), 1e-15);
        assertEquals(0.1, s.rate(9), 1e-15);
        assertEquals(0.01, s.rate(10), 1e-15);
        assertEquals(0.001, s.rate(29), 1e-15);
        assertArrayEquals(new int[] {10, 20}, s.milestones());
        assertThrows(IllegalArgumentException.class, () -> new MultiStepSchedule(0.1, new int[] {20, 10}, 0.1));
    }
}
