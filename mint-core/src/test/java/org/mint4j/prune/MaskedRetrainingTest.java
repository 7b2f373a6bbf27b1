package org.mint4j.prune;

import org.mint4j.train.TrainingSchedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.SharedData;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSet;
import org.mint4j.nn.Mlp;
import org.mint4j.recipe.Recipe;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.TrainingLoop;

class MaskedRetrainingTest {

    @Test
    void maskedWeightsStayExactlyZeroThroughMomentumAndWeightDecay(@TempDir Path tmp) {
        EngineSetup.configure(2);
        ImageSet train = Datasets.load("mnist", SharedData.directory(), true).subset(range(2000), "train-2000");
        ImageSet test = Datasets.load("mnist", SharedData.directory(), false).subset(range(500), "test-500");
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = Mlp.paper();
            net.initialize(m, 1);
            Random rng = new Random(2);
            double[][] s2 = new double[10][25];
            double[][] s3 = new double[5][30];
            for (double[] row : s2) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = rng.nextDouble();
                }
            }
            for (double[] row : s3) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = rng.nextDouble();
                }
            }
            MaskPlan plan = MaskPlan.plan(List.of(
                    new ScoredPair(new LayerPair("fc1", "fc2", 25, 10), new long[] {300, 500}, s2),
                    new ScoredPair(new LayerPair("fc2", "fc3", 30, 5), new long[] {10, 300}, s3)),
                    0.6, Gamma.NONE, List.of());
            Masks masks = plan.masks(Map.of("fc2", "fc2.weight", "fc3", "fc3.weight"));
            TrainingLoop.builder().setNetwork(net, m).setData(train, test)
                    .setSchedule(new TrainingSchedule(2, 64, 0.1, 0.9, true, 1e-3, List.of(), 0.1), 3)
                    .setDirectory(tmp).optConstraint(masks.bind(net, m))
                    .optOutput(new PrintWriter(new StringWriter())).build().run();
            for (String name : List.of("fc2.weight", "fc3.weight")) {
                float[] mask = masks.byWeight().get(name);
                float[] w = net.namedParameters().get(name).getArray().toFloatArray();
                int zeros = 0;
                for (int i = 0; i < w.length; i++) {
                    if (mask[i] == 0f) {
                        assertTrue(w[i] == 0f, "masked element " + i + " of " + name + " is " + w[i]);
                        zeros++;
                    }
                }
                assertTrue(zeros > 0.4 * w.length, name + " zeros " + zeros);
            }
            Footprint f = Footprint.of(net);
            assertTrue(f.zeros() >= masks.zeros("fc2.weight") + masks.zeros("fc3.weight"));
        }
    }

    @Test
    void csrBytesFollowTheStatedLayout() {
        // Checked through a 2-layer count: for a dense weight of r x c with z zeros,
        // CSR = (r c - z) * 8 + (r + 1) * 4 bytes.
        EngineSetup.configure(1);
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = new Mlp(new int[] {3, 2}, 0f);
            net.initialize(m, 1);
            net.namedParameters().get("fc1.weight").getArray()
                    .set(java.nio.FloatBuffer.wrap(new float[] {1, 0, 0, 0, 2, 3}));
            Footprint f = Footprint.of(net);
            assertEquals(8, f.parameters());
            assertEquals(3 * 8 + 3 * 4 + 2 * 4, f.csrBytes());
            assertEquals(32, f.denseBytes());
            assertEquals(3, f.zeros());
        }
    }

    static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
