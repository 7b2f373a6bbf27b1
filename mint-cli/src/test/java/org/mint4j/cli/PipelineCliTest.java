package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mint4j.deploy.PrunedModel;
import org.mint4j.nn.Safetensors;
import org.mint4j.onnx.OnnxFixtures;
import org.mint4j.onnx.OnnxModel;

/** mint run once, then each command on its result through the command line, one test each. */
class PipelineCliTest {

    @TempDir
    static Path tmp;
    static Path out;
    static Path seed;
    static String point;
    static String data;

    @BeforeAll
    static void run() throws IOException {
        Path recipe = tmp.resolve("tiny.yaml");
        try (InputStream in = PipelineCliTest.class.getClassLoader().getResourceAsStream("tiny-pipeline.yaml")) {
            Files.write(recipe, in.readAllBytes());
        }
        data = MintCliTest.shared("data").toString();
        out = tmp.resolve("run");
        MintCliTest.Run run = MintCliTest.mint("run", "--recipe", recipe.toString(), "--out", out.toString(),
                "--data", data);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("| mint | 50.00% |"), run.out());
        seed = out.resolve("seed-4");
        assertTrue(Files.exists(seed.resolve("results.json")));
        try (var dirs = Files.list(seed.resolve("retrain"))) {
            point = dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("mint-")).findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void exportsAModelDirectoryWhoseMaskedWeightsAreZero() throws IOException {
        MintCliTest.Run djl = MintCliTest.mint("export", out.toString(), "--point", point, "--format", "djl",
                "--out", tmp.resolve("model").toString(), "--data", data);
        assertEquals(0, djl.exit(), djl.err());
        try (NDManager m = NDManager.newBaseManager()) {
            PrunedModel.Loaded loaded = PrunedModel.load(tmp.resolve("model"), m);
            float[] mask = loaded.masks().get("fc2.weight").values();
            float[] weight = loaded.network().namedParameters().get("fc2.weight").getArray().toFloatArray();
            int masked = 0;
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] == 0f) {
                    masked++;
                    assertEquals(0f, Math.abs(weight[i]), "masked weight " + i + " exported as zero");
                } else {
                    assertEquals(1f, mask[i], "a mask holds 0 or 1");
                }
            }
            assertTrue(masked > mask.length / 4, masked + " of " + mask.length + " fc2 weights masked at 50%");
        }
    }

    @Test
    void exportsCompactedSafetensorsWithFewerNeurons() throws IOException {
        MintCliTest.Run compact = MintCliTest.mint("export", seed.toString(), "--point", point, "--format",
                "safetensors", "--compact", "--out", tmp.resolve("model.safetensors").toString(), "--data", data);
        assertEquals(0, compact.exit(), compact.err());
        Map<String, Safetensors.Tensor> tensors = Safetensors.read(tmp.resolve("model.safetensors"));
        assertEquals(784, tensors.get("fc1.weight").shape()[1]);
        assertArrayEquals(new long[] {10}, tensors.get("fc3.bias").shape());
        assertEquals(tensors.get("fc1.weight").shape()[0], tensors.get("fc2.weight").shape()[1],
                "fc2 reads what fc1 keeps");
    }

    @Test
    void benchComparesOriginalMaskedAndCompacted() {
        MintCliTest.Run bench = MintCliTest.mint("bench", out.toString(), "--point", point, "--data", data);
        assertEquals(0, bench.exit(), bench.err());
        assertTrue(bench.out().contains("| original |") && bench.out().contains("| compacted |"), bench.out());
        assertTrue(bench.out().contains("In ONNX Runtime"), bench.out());
    }

    /** The built-in MLP written as ONNX: the compacted export computes what the masked one does. */
    @Test
    void exportsOnnxThatOnnxRuntimeRuns() throws IOException {
        Path masked = tmp.resolve("masked.onnx");
        Path compacted = tmp.resolve("compacted.onnx");
        MintCliTest.Run plain = MintCliTest.mint("export", seed.toString(), "--point", point, "--format", "onnx",
                "--out", masked.toString(), "--data", data);
        assertEquals(0, plain.exit(), plain.err());
        MintCliTest.Run compact = MintCliTest.mint("export", seed.toString(), "--point", point, "--format", "onnx",
                "--compact", "--out", compacted.toString(), "--data", data);
        assertEquals(0, compact.exit(), compact.err());
        float[] batch = OnnxFixtures.batch(1, 9);
        long[] shape = {3, 784};
        batch = Arrays.copyOf(batch, 3 * 784);
        double diff = OnnxFixtures.relativeDifference(OnnxFixtures.runtime(compacted, batch, shape),
                OnnxFixtures.runtime(masked, batch, shape));
        assertTrue(diff < 1e-4, "the compacted export differs from the masked one by " + diff);
        assertTrue(parameters(compacted) < parameters(masked), plain.out() + compact.out());
    }

    private static long parameters(Path onnx) {
        return OnnxModel.load(onnx).initializers().values().stream().mapToLong(t -> t.values().length).sum();
    }

    @Test
    void characterizeReportsCalibration() {
        MintCliTest.Run characterize = MintCliTest.mint("characterize", out.toString(), "--point", point,
                "--attacked", "100", "--epsilons", "0,0.1", "--data", data);
        assertEquals(0, characterize.exit(), characterize.err());
        assertTrue(characterize.out().contains("ECE"), characterize.out());
    }

    @Test
    void reportRendersEveryTableAndImage() throws IOException {
        MintCliTest.Run report = MintCliTest.mint("report", out.toString());
        assertEquals(0, report.exit(), report.err());
        String dom = renderInChromium(out.resolve("report.html"), tmp);
        assertTrue(dom.contains("data-images-ok=\"true\""), "every image loads");
        int images = Integer.parseInt(dom.replaceAll("(?s).*data-images=\"(\\d+)\".*", "$1"));
        assertTrue(images >= 2 && dom.contains("tradeoff.png") && dom.contains("compression-t0.5000.png"),
                images + " images");
        assertTrue(dom.contains("<table>") && dom.contains("mint"), "tables render");
    }

    /** Each command that takes a run directory, given the parent of the run's seed directories. */
    static Stream<List<String>> commandsOnARunDirectory() {
        return Stream.of(List.of("eval", "--run", "DIR"), List.of("export", "DIR", "--format", "djl", "--out", "MODEL"),
                List.of("bench", "DIR", "--point", "POINT"), List.of("characterize", "DIR", "--attacked", "20",
                        "--epsilons", "0"), List.of("prune", "--from", "DIR"), List.of("retrain", "--from", "DIR"),
                List.of("study", "gamma", "--from", "DIR", "--out", "STUDY", "--groups", "5", "--gamma", "none"),
                List.of("study", "groups-samples", "--from", "DIR", "--out", "STUDY", "--groups", "5"));
    }

    private static String[] args(List<String> command, Path dir, String... more) {
        List<String> all = new ArrayList<>();
        for (String a : command) {
            all.add(switch (a) {
                case "DIR" -> dir.toString();
                case "POINT" -> point;
                case "MODEL" -> tmp.resolve("model-" + dir.getFileName()).toString();
                case "STUDY" -> tmp.resolve("study-" + dir.getFileName()).toString();
                default -> a;
            });
        }
        all.addAll(List.of("--data", data));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The run's one seed, and a copy of it as seed 9, beside each other in a new directory. */
    private static Path twoSeeds() throws IOException {
        Path multi = tmp.resolve("two-seeds");
        if (!Files.exists(multi)) {
            copy(seed, multi.resolve("seed-4"));
            copy(seed, multi.resolve("seed-9"));
        }
        return multi;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("commandsOnARunDirectory")
    void severalSeedsWithoutSeedAreRefusedNamingThem(List<String> command) throws IOException {
        Path multi = twoSeeds();
        List<String> before = listing(multi);
        MintCliTest.Run r = MintCliTest.mint(args(command, multi));
        if (command.get(0).equals("bench")) {
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("== " + multi.resolve("seed-4")) && r.out().contains("== "
                    + multi.resolve("seed-9")), "bench measures every seed: " + r.out());
            return;
        }
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals("error: " + multi + " holds the runs of seeds 4, 9; choose one with --seed N\n", r.err());
        assertEquals(before, listing(multi), "nothing written");
        MintCliTest.Run absent = MintCliTest.mint(args(command, multi, "--seed", "7"));
        assertEquals(2, absent.exit(), absent.out() + absent.err());
        assertEquals("error: " + multi + " has no run of seed 7; its seeds are 4, 9\n", absent.err());
    }

    @Test
    void aSeedOfSeveralIsChosenWithSeed() throws IOException {
        MintCliTest.Run r = MintCliTest.mint("eval", "--run", twoSeeds().toString(), "--seed", "9", "--data", data);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(twoSeeds().resolve("seed-9").toString()), r.out());
    }

    @ParameterizedTest
    @MethodSource("commandsOnARunDirectory")
    void theOnlySeedIsUsed(List<String> command) {
        if (command.get(0).equals("study")) {
            return; // a whole study; its run directory comes the same way (SeedOption), refused above
        }
        MintCliTest.Run r = MintCliTest.mint(args(command, out));
        assertEquals(0, r.exit(), r.err());
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> dir.relativize(p) + " " + p.toFile().length()).sorted().toList();
        }
    }

    /** The DOM of a page after it has loaded, from headless Chromium (./test installs it). */
    static String renderInChromium(Path page, Path tmp) throws IOException {
        Path chromium = Path.of("/usr/bin/chromium");
        assertTrue(Files.isExecutable(chromium), "Chromium is needed: ./test installs it (apt-get install chromium)");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + tmp.resolve("chromium-profile"), "--virtual-time-budget=5000",
                "--dump-dom", page.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "Chromium finished");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return dom;
    }
}
