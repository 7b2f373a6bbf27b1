package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.deploy.PrunedModel;
import org.mint4j.nn.Safetensors;

/** mint run, then export and bench on its result, through the command line. */
class PipelineCliTest {

    @Test
    void runExportAndBench(@TempDir Path tmp) throws IOException {
        Path recipe = tmp.resolve("tiny.yaml");
        try (InputStream in = PipelineCliTest.class.getClassLoader().getResourceAsStream("tiny-pipeline.yaml")) {
            Files.write(recipe, in.readAllBytes());
        }
        String data = MintCliTest.shared("data").toString();
        Path out = tmp.resolve("run");
        MintCliTest.Run run = MintCliTest.mint("run", "--recipe", recipe.toString(), "--out", out.toString(),
                "--data", data);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("| mint | 50.00% |"), run.out());
        Path seed = out.resolve("seed-4");
        assertTrue(Files.exists(seed.resolve("results.json")));

        String point;
        try (var dirs = Files.list(seed.resolve("retrain"))) {
            point = dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("mint-")).findFirst()
                    .orElseThrow();
        }
        MintCliTest.Run djl = MintCliTest.mint("export", seed.toString(), "--point", point, "--format", "djl",
                "--out", tmp.resolve("model").toString(), "--data", data);
        assertEquals(0, djl.exit(), djl.err());
        MintCliTest.Run compact = MintCliTest.mint("export", seed.toString(), "--point", point, "--format",
                "safetensors", "--compact", "--out", tmp.resolve("model.safetensors").toString(), "--data", data);
        assertEquals(0, compact.exit(), compact.err());
        try (NDManager m = NDManager.newBaseManager()) {
            PrunedModel.Loaded loaded = PrunedModel.load(tmp.resolve("model"), m);
            float[] mask = loaded.masks().get("fc2.weight").values();
            float[] weight = loaded.network().namedParameters().get("fc2.weight").getArray().toFloatArray();
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] == 0f) {
                    assertTrue(weight[i] == 0f, "masked weight " + i + " exported as zero");
                }
            }
        }
        Map<String, Safetensors.Tensor> tensors = Safetensors.read(tmp.resolve("model.safetensors"));
        assertEquals(784, tensors.get("fc1.weight").shape()[1]);
        assertArrayEquals(new long[] {10}, tensors.get("fc3.bias").shape());

        MintCliTest.Run bench = MintCliTest.mint("bench", seed.toString(), "--point", point, "--data", data);
        assertEquals(0, bench.exit(), bench.err());
        assertTrue(bench.out().contains("| original |") && bench.out().contains("| compacted |"), bench.out());
    }
}
