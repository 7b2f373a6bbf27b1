package org.mint4j.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.nn.Mlp;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.PytorchWeights;
import org.mint4j.nn.Safetensors;
import org.mint4j.recipe.Recipes;
import org.mint4j.nn.WeightFileException;
import org.mint4j.train.EngineSetup;

class DeployTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    /** The paper's MLP with random weights, some fc2 neurons without inputs, some without outputs. */
    static Mlp masked(NDManager m, boolean killFc2) {
        Mlp net = Mlp.paper();
        net.initialize(m, 7);
        var w2 = net.namedParameters().get("fc2.weight").getArray();
        float[] v2 = w2.toFloatArray();
        for (int o = 0; o < 300; o++) {
            for (int i = 0; i < 500; i++) {
                // fc2 neurons 0-99: no inputs; every 7th fc1 neuron: no outputs into fc2.
                if (killFc2 || o < 100 || i % 7 == 0) {
                    v2[o * 500 + i] = 0f;
                }
            }
        }
        w2.set(FloatBuffer.wrap(v2));
        var b2 = net.namedParameters().get("fc2.bias").getArray();
        float[] bias = b2.toFloatArray();
        for (int o = 0; o < 100; o++) {
            bias[o] = Math.abs(bias[o]) + 0.05f;
        }
        b2.set(FloatBuffer.wrap(bias));
        var w3 = net.namedParameters().get("fc3.weight").getArray();
        float[] v3 = w3.toFloatArray();
        for (int o = 0; o < 10; o++) {
            for (int i = 100; i < 150; i++) {
                v3[o * 300 + i] = 0f;
            }
        }
        w3.set(FloatBuffer.wrap(v3));
        return net;
    }

    static NDArray input(NDManager m) {
        Random rng = new Random(3);
        float[] x = new float[64 * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return m.create(x, new Shape(64, 1, 28, 28));
    }

    static float[] outputs(PrunableNetwork net, NDArray x, NDManager m) {
        return net.block().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow()
                .toFloatArray();
    }

    static float maxAbsDiff(float[] a, float[] b) {
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @Test
    void compactionRemovesDeadNeuronsAndKeepsTheOutputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp masked = masked(m, false);
            Mlp compact = (Mlp) Compaction.compact(masked, m);
            // fc1: every 7th neuron has no outputs (72 of 500); fc2: 100 without inputs, 50 without outputs.
            assertArrayEquals(new int[] {784, 500 - 72, 150, 10}, compact.widths());
            NDArray x = input(m);
            assertTrue(maxAbsDiff(outputs(masked, x, m), outputs(compact, x, m)) <= 1e-5f);
            Mlp dead = masked(m, true);
            Mlp tiny = (Mlp) Compaction.compact(dead, m);
            assertEquals(1, tiny.widths()[2]);
            assertTrue(maxAbsDiff(outputs(dead, x, m), outputs(tiny, x, m)) <= 1e-5f);
        }
    }

    @Test
    void savedModelsLoadWithIdenticalOutputsAndExportToSafetensors(@TempDir Path tmp) {
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp masked = masked(m, false);
            NDArray x = input(m);
            Map<String, Safetensors.Tensor> masks = new LinkedHashMap<>();
            masks.put("fc2.weight", new Safetensors.Tensor(new long[] {300, 500}, new float[150_000]));
            PrunedModel.save(tmp.resolve("masked"), Recipes.load("mnist-mlp"), masked, masks, Map.of("seed", "1"));
            PrunedModel.Loaded back = PrunedModel.load(tmp.resolve("masked"), m);
            assertArrayEquals(outputs(masked, x, m), outputs(back.network(), x, m));
            assertEquals(List.of("fc2.weight"), List.copyOf(back.masks().keySet()));

            Mlp compact = (Mlp) Compaction.compact(masked, m);
            PrunedModel.save(tmp.resolve("compact"), Recipes.load("mnist-mlp"), compact, null, Map.of());
            PrunedModel.Loaded c = PrunedModel.load(tmp.resolve("compact"), m);
            assertArrayEquals(outputs(compact, x, m), outputs(c.network(), x, m));
            assertArrayEquals(compact.widths(), ((Mlp) c.network()).widths());

            Path st = tmp.resolve("compact.safetensors");
            Safetensors.write(st, PytorchWeights.export(compact), Map.of());
            Map<String, Safetensors.Tensor> read = Safetensors.read(st);
            assertArrayEquals(new long[] {compact.widths()[2], compact.widths()[1]}, read.get("fc2.weight").shape());
            assertArrayEquals(compact.namedParameters().get("fc3.bias").getArray().toFloatArray(),
                    read.get("fc3.bias").values());
            assertThrows(IllegalArgumentException.class,
                    () -> PrunedModel.save(tmp.resolve("compact"), Recipes.load("mnist-mlp"), compact, null, Map.of()));
        }
    }

    @Test
    void aCorruptedOrTruncatedSavedModelIsNamed(@TempDir Path tmp) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = masked(m, false);
            PrunedModel.save(tmp.resolve("model"), Recipes.load("mnist-mlp"), net, null, Map.of());
            Path params = tmp.resolve("model/model.params");
            byte[] bytes = Files.readAllBytes(params);
            Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length - 10));
            WeightFileException e = assertThrows(WeightFileException.class, () -> PrunedModel.load(tmp.resolve("model"), m));
            assertTrue(e.getMessage().contains("model.params") && e.getMessage().contains("corrupt or truncated"),
                    e.getMessage());
            Files.writeString(tmp.resolve("model/model.json"), "{\"format\": \"something-else\"");
            e = assertThrows(WeightFileException.class, () -> PrunedModel.load(tmp.resolve("model"), m));
            assertTrue(e.getMessage().contains("model.json"), e.getMessage());
            e = assertThrows(WeightFileException.class, () -> PrunedModel.load(tmp.resolve("nothing"), m));
            assertTrue(e.getMessage().contains("not a saved pruned model"), e.getMessage());
        }
    }
}
