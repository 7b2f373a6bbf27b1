package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.onnx.OnnxFixtures;
import org.mint4j.onnx.OnnxModel;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.run.PointName;

/** An imported ONNX model through mint run with pairs: auto, then mint info and mint export --format onnx. */
class OnnxPipelineCliTest {

    @TempDir
    static Path tmp;
    static Path model;
    static Path seed;
    static String point;
    static String data;

    @BeforeAll
    static void run() throws IOException {
        model = tmp.resolve("resnet56.onnx");
        Files.copy(OnnxFixtures.model("resnet56"), model);
        Path recipe = tmp.resolve("tiny.yaml");
        try (InputStream in = OnnxPipelineCliTest.class.getClassLoader()
                .getResourceAsStream("onnx-resnet56-tiny.yaml")) {
            Files.write(recipe, in.readAllBytes());
        }
        data = MintCliTest.shared("data").toString();
        Path out = tmp.resolve("run");
        MintCliTest.Run run = MintCliTest.mint("run", "--recipe", recipe.toString(), "--out", out.toString(),
                "--data", data, "--threads", "2");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("imported " + model), run.out());
        seed = out.resolve("seed-1");
        try (var dirs = Files.list(seed.resolve("retrain"))) {
            point = dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("mint-")).findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void writesTheRecipeAsRunWithTheModelsAbsolutePathAndTheDerivedPairs() throws IOException {
        String yaml = Files.readString(seed.resolve("recipe.yaml"));
        assertTrue(yaml.contains("onnx: " + model), yaml);
        assertFalse(yaml.contains("auto"), yaml);
        Recipe asRun = Recipes.load(seed.resolve("recipe.yaml").toString());
        assertEquals(55, asRun.mint().pairs().size(), "every conv after the stem, and the classifier");
        assertEquals(4, asRun.mint().pairs().get(0).parentGroups());
        assertTrue(Files.readString(seed.resolve("provenance.json")).contains(model.toString()));
    }

    @Test
    void infoListsTheLayersCouplingsAndPairs() {
        MintCliTest.Run info = MintCliTest.mint("info", "--model", model.toString());
        assertEquals(0, info.exit(), info.err());
        assertTrue(info.out().contains("56 prunable layers"), info.out());
        assertTrue(info.out().matches("(?s).*layer1\\.0\\.conv1 +Conv +16 +16 +2,304.*"), info.out());
        assertTrue(info.out().contains("layer2.8.conv2 -> layer3.0.conv1 (32 x 64 groups)"), info.out());
        // The 27 blocks' inner channels, and the residual streams: the option-A shortcut's channel
        // slice (zeros to pad the next stage) ties stage 1's channels 0-7 to three channels of
        // stage 2's stream, so the streams make two families of 8.
        assertTrue(info.out().contains("channel families for structure: channels (29;"), info.out());
        assertTrue(info.out().matches("(?s).*  conv1 +8 +3  \\[conv1\\.weight, layer1\\.0\\.conv2\\.weight.*"), info.out());
        assertTrue(info.out().matches("(?s).*  layer3\\.8\\.conv1 +64 +1  \\[layer3\\.8\\.conv1\\.weight\\].*"), info.out());
    }

    @Test
    void exportsTheBaselineAsImported() {
        Path out = tmp.resolve("baseline.onnx");
        MintCliTest.Run export = MintCliTest.mint("export", seed.toString(), "--format", "onnx", "--point",
                "baseline", "--out", out.toString());
        assertEquals(0, export.exit(), export.err());
        float[] batch = OnnxFixtures.batch(4, 1);
        assertTrue(OnnxFixtures.relativeDifference(OnnxFixtures.runtime(out, batch, 4),
                OnnxFixtures.runtime(model, batch, 4)) < 1e-5);
    }

    @Test
    void compactedExportComputesTheMaskedOneWithFewerParameters() {
        Path masked = tmp.resolve("masked.onnx");
        Path compact = tmp.resolve("compact.onnx");
        assertEquals(0, MintCliTest.mint("export", seed.toString(), "--format", "onnx", "--point", point,
                "--out", masked.toString()).exit());
        MintCliTest.Run export = MintCliTest.mint("export", seed.toString(), "--format", "onnx", "--point", point,
                "--compact", "--out", compact.toString());
        assertEquals(0, export.exit(), export.err());
        float[] batch = OnnxFixtures.batch(8, 2);
        assertTrue(OnnxFixtures.relativeDifference(OnnxFixtures.runtime(compact, batch, 8),
                OnnxFixtures.runtime(masked, batch, 8)) < 1e-4);
        assertTrue(parameters(compact) < parameters(masked), parameters(compact) + " < " + parameters(masked));
    }

    @Test
    void writesNothingWhenTheExportCannotBeMade() {
        Path out = tmp.resolve("none.onnx");
        MintCliTest.Run export = MintCliTest.mint("export", seed.toString(), "--format", "onnx", "--point",
                "baseline", "--compact", "--out", out.toString());
        assertEquals(2, export.exit());
        assertTrue(export.err().contains("--compact: the baseline has no masks"), export.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aDatasetWhoseImagesTheModelCannotTakeIsAnErrorNamingBothShapes() throws IOException {
        Path recipe = tmp.resolve("mnist.yaml");
        Files.writeString(recipe, Files.readString(tmp.resolve("tiny.yaml")).replace("name: cifar10", "name: mnist")
                .replace("normalization: imagenet", "normalization: default"));
        MintCliTest.Run run = MintCliTest.mint("run", "--recipe", recipe.toString(), "--out",
                tmp.resolve("mnist-run").toString(), "--data", data, "--threads", "2");
        assertEquals(2, run.exit(), run.out());
        assertTrue(run.err().contains("takes inputs of shape (3, 32, 32), but dataset mnist has images of shape "
                + "(1, 28, 28)"), run.err());
    }

    @Test
    void aStudyDerivesThePairsAgainWithEachNumberOfGroups() throws IOException {
        Path study = tmp.resolve("study");
        MintCliTest.Run run = MintCliTest.mint("study", "groups-samples", "--from", seed.toString(), "--out",
                study.toString(), "--groups", "2,3", "--samples", "5", "--fixed-samples", "5", "--fixed-groups", "3",
                "--data", data, "--threads", "2");
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.exists(study.resolve("study-groups.md")), run.out());
        for (int g : new int[] {2, 3}) {
            String made = Files.readString(study.resolve("g" + g + "-m5").resolve("scores").resolve("mint.json"));
            // Every conv has at least 16 channels: every derived pair in G x G groups, none in the run's 4 x 4.
            String pairs = made.substring(made.indexOf("\"pairs\""), made.indexOf("\"baseline_sha256\""));
            assertTrue(pairs.contains("(" + g + " x " + g + " groups)") && !pairs.contains("(4 x 4 groups)"), pairs);
        }
    }

    @Test
    void aChannelPlanHalvesTheMacsOfTheExportAndBenchRunsItInOnnxRuntime() throws IOException {
        Path recipe = tmp.resolve("channels.yaml");
        Files.writeString(recipe, Files.readString(tmp.resolve("tiny.yaml")).replace("  criteria: [mint]\n",
                "  criteria: [l1]\n  structure: channels\n  budget: macs\n"));
        // A copy of the run, so that its results stay the connection plan's for the other tests.
        Path run = tmp.resolve("channels-run");
        try (var files = Files.walk(seed)) {
            for (Path f : files.toList()) {
                Files.copy(f, run.resolve(seed.relativize(f).toString()));
            }
        }
        MintCliTest.Run retrain = MintCliTest.mint("retrain", "--from", run.toString(), "--recipe", recipe.toString(),
                "--data", data, "--threads", "2");
        assertEquals(0, retrain.exit(), retrain.err());
        assertTrue(retrain.out().contains("of MACs"), retrain.out());
        assertTrue(retrain.out().contains("speed-up at 64 |") && retrain.out().contains("Latency of the ONNX exports "
                + "in ONNX Runtime"), retrain.out());
        String l1Point = "l1-t0.5000-" + PointName.of(Recipes.load(recipe.toString()).mint(), "l1", 0.5).settingsDigest();
        // Retraining trained the compacted network; the point keeps its weights in the original's shape.
        Path compactedRun = run.resolve("retrain").resolve(l1Point).resolve("compacted");
        assertTrue(Files.exists(compactedRun.resolve("compacted.onnx"))
                && Files.exists(compactedRun.resolve("best.params")), compactedRun.toString());
        MintCliTest.Run bench = MintCliTest.mint("bench", run.toString(), "--runs", "1", "--point", l1Point,
                "--threads", "2");
        assertEquals(0, bench.exit(), bench.err());
        String table = bench.out().substring(bench.out().indexOf("In ONNX Runtime"));
        long original = macs(table, "| original |");
        long compacted = macs(table, "| compacted |");
        assertTrue(compacted <= original / 2 && compacted > 0, table);

        // The trade-off plot against the time ONNX Runtime takes; connection plans have no such time.
        MintCliTest.Run report = MintCliTest.mint("report", run.toString(), "--x-axis", "latency-64");
        assertEquals(0, report.exit(), report.err());
        assertTrue(Files.size(run.resolve("tradeoff.png")) > 0, report.out());
        MintCliTest.Run connections = MintCliTest.mint("report", seed.toString(), "--x-axis", "latency-1");
        ReliabilityCliTest.assertOnePlainError(connections);
        assertTrue(connections.err().contains("--x-axis latency-1: mint at ") && connections.err().contains(
                "zeroes connections, which keeps every MAC; expected channel plans"), connections.err());
        MintCliTest.Run unknown = MintCliTest.mint("report", run.toString(), "--x-axis", "speed");
        ReliabilityCliTest.assertOnePlainError(unknown);
        assertTrue(unknown.err().contains("--x-axis speed is not an axis; expected one of "
                + "[zeroed, macs, latency-1, latency-64]"), unknown.err());
    }

    /** The MACs column of a row of RuntimeBench's table. */
    private static long macs(String table, String row) {
        String line = table.lines().filter(l -> l.startsWith(row)).findFirst().orElseThrow();
        return Long.parseLong(line.split("\\|")[3].trim().replace(",", ""));
    }

    private static long parameters(Path onnx) {
        return OnnxModel.load(onnx).initializers().values().stream().mapToLong(t -> t.values().length).sum();
    }
}
