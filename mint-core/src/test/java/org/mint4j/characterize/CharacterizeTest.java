package org.mint4j.characterize;

import org.mint4j.train.TrainingSchedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.SharedData;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSet;
import org.mint4j.data.Normalization;
import org.mint4j.nn.Mlp;
import org.mint4j.recipe.Recipe;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.TrainingLoop;

class CharacterizeTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    @Test
    void eceEqualsAHandComputation() {
        double[][] p = {{0.9, 0.1}, {0.81, 0.19}, {0.55, 0.45}, {0.3, 0.7}, {0.88, 0.12}};
        int[] labels = {0, 1, 0, 1, 0};
        // Bins of width 1/15: 0.9 and 0.88 share bin 13 (mean 0.89, both right), 0.81 bin 12 (wrong),
        // 0.55 bin 8 (right), 0.7 bin 10 (right).
        double expected = 2.0 / 5 * (1 - 0.89) + 1.0 / 5 * 0.81 + 1.0 / 5 * 0.45 + 1.0 / 5 * 0.3;
        Calibration.Result r = Calibration.of(p, labels, 15);
        assertEquals(expected, r.ece(), 1e-12);
        assertEquals(2, r.bins()[13].count());
        assertEquals(0.89, r.bins()[13].confidence(), 1e-12);
        assertEquals(0.0, r.bins()[12].accuracy());
        assertThrows(IllegalArgumentException.class, () -> Calibration.of(p, new int[] {0}, 15));
    }

    static NDArray pixels(NDManager m, ImageSet set, int n) {
        float[] x = new float[n * 784];
        byte[] img = new byte[784];
        for (int i = 0; i < n; i++) {
            set.load(i, img, null);
            for (int p = 0; p < 784; p++) {
                x[i * 784 + p] = (img[p] & 0xff) / 255f;
            }
        }
        return m.create(x, new Shape(n, 1, 28, 28));
    }

    static int[] labels(ImageSet set, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = set.label(i);
        }
        return y;
    }

    @Test
    void inputGradientsAgreeWithFiniteDifferences() {
        ImageSet test = Datasets.load("mnist", SharedData.directory(), false);
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = Mlp.paper();
            net.initialize(m, 2);
            Attacks attacks = new Attacks(net, Normalization.MNIST, m);
            NDArray x = pixels(m, test, 2);
            int[] y = labels(test, 2);
            float[] grad = attacks.lossGradient(x, y).toFloatArray();
            float[] base = x.toFloatArray();
            double h = 1e-2;
            for (int i : new int[] {200, 350, 405, 784 + 300, 784 + 500}) {
                float[] plus = base.clone();
                float[] minus = base.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (attacks.loss(m.create(plus, x.getShape()), y)
                        - attacks.loss(m.create(minus, x.getShape()), y)) / (2 * h);
                assertEquals(fd, grad[i], 2e-3 + 0.05 * Math.abs(fd), "pixel " + i);
            }
        }
    }

    @Test
    void attacksStayInTheValidRangeAndTheEpsilonBallAndHurtAccuracy(@TempDir Path tmp) {
        ImageSet train = Datasets.load("mnist", SharedData.directory(), true);
        ImageSet test = Datasets.load("mnist", SharedData.directory(), false);
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = Mlp.paper();
            net.initialize(m, 2);
            int[] first = new int[3000];
            for (int i = 0; i < first.length; i++) {
                first[i] = i;
            }
            TrainingLoop.builder().setNetwork(net, m).setData(train.subset(first, "train-3000"), test.subset(
                    java.util.Arrays.copyOf(first, 500), "test-500"))
                    .setSchedule(new TrainingSchedule(2, 100, 0.1, 0.9, true, 1e-4, List.of(), 0.1), 1)
                    .setDirectory(tmp).optOutput(new PrintWriter(new StringWriter())).build().run();
            Attacks attacks = new Attacks(net, Normalization.MNIST, m);
            NDArray x = pixels(m, test, 200);
            int[] y = labels(test, 200);
            double clean = accuracy(attacks.logits(x), y);
            for (Attacks.Kind kind : Attacks.Kind.values()) {
                double eps = 0.1;
                NDArray adv = attacks.attack(x, y, kind, eps);
                float[] a = adv.toFloatArray();
                float[] c = x.toFloatArray();
                for (int i = 0; i < a.length; i++) {
                    assertTrue(a[i] >= 0f && a[i] <= 1f, "pixel range");
                    assertTrue(Math.abs(a[i] - c[i]) <= eps + 1e-6, "epsilon ball");
                }
                double attacked = accuracy(attacks.logits(adv), y);
                assertTrue(attacked < clean - 0.2, kind + ": clean " + clean + ", attacked " + attacked);
            }
            assertEquals(30, Attacks.iterations(0.1));
            assertEquals(5, Attacks.iterations(4 / 255.0));
        }
    }

    static double accuracy(NDArray logits, int[] y) {
        long[] pred = logits.argMax(1).toLongArray();
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            ok += pred[i] == y[i] ? 1 : 0;
        }
        return (double) ok / y.length;
    }
}
