package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mint4j.onnx.OnnxFixtures;
import org.mint4j.onnx.OnnxModel;

/**
 * GoogLeNet (inception branches paired with each slice of a Concat), ConvNeXt-Tiny (FFN pairs
 * on channels-last maps) and a small ViT through a tiny mint run with MINT and magnitude, then
 * exported: the baseline as imported, and the MINT point compacted with the masked export's outputs.
 */
class ModernModelsCliTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"googlenet-bn", "convnext_tiny", "vit"})
    void prunesAndExportsWhatOnnxRuntimeRuns(String name) throws IOException {
        Path model = tmp.resolve(name + ".onnx");
        Files.copy(OnnxFixtures.model(name), model);
        Path recipe = tmp.resolve("tiny.yaml");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("onnx-resnet56-tiny.yaml")) {
            Files.writeString(recipe, new String(in.readAllBytes()).replace("resnet56.onnx", model.getFileName().toString())
                    .replace("criteria: [mint]", "criteria: [mint, magnitude]"));
        }
        Path out = tmp.resolve("run");
        MintCliTest.Run run = MintCliTest.mint("run", "--recipe", recipe.toString(), "--out", out.toString(),
                "--data", MintCliTest.shared("data").toString(), "--threads", "2");
        assertEquals(0, run.exit(), run.err());
        Path seed = out.resolve("seed-1");
        String point;
        try (var dirs = Files.list(seed.resolve("retrain"))) {
            point = dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("mint-")).findFirst()
                    .orElseThrow();
        }
        float[] batch = OnnxFixtures.batch(4, 3);
        Path baseline = export(seed, "baseline", false);
        assertTrue(OnnxFixtures.relativeDifference(OnnxFixtures.runtime(baseline, batch, 4),
                OnnxFixtures.runtime(model, batch, 4)) < 1e-5, name);
        Path masked = export(seed, point, false);
        Path compacted = export(seed, point, true);
        assertTrue(OnnxFixtures.relativeDifference(OnnxFixtures.runtime(compacted, batch, 4),
                OnnxFixtures.runtime(masked, batch, 4)) < 1e-4, name);
        assertTrue(parameters(compacted) <= parameters(masked), name);
        if (name.equals("vit")) {
            removesWholeHeadsAndFfnNeurons(recipe, seed, batch);
        }
    }

    /**
     * The same run retrained under a channel plan to 30% fewer parameters (l1): whole attention
     * heads and FFN neurons go, so the compacted export is smaller than the masked one, with its
     * outputs, and narrower in the input projections or the FFNs' first layers (their biases).
     */
    private void removesWholeHeadsAndFfnNeurons(Path recipe, Path seed, float[] batch) throws IOException {
        Path channels = tmp.resolve("channels.yaml");
        Files.writeString(channels, Files.readString(recipe).replace("criteria: [mint, magnitude]",
                "criteria: [l1]\n  structure: channels\n  budget: params").replace("targets: [0.5]", "targets: [0.3]"));
        MintCliTest.Run retrain = MintCliTest.mint("retrain", "--from", seed.toString(), "--recipe", channels.toString(),
                "--data", MintCliTest.shared("data").toString(), "--threads", "2");
        assertEquals(0, retrain.exit(), retrain.err());
        String point;
        try (var dirs = Files.list(seed.resolve("retrain"))) {
            point = dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("l1-")).findFirst().orElseThrow();
        }
        Path masked = export(seed, point, false);
        Path compacted = export(seed, point, true);
        assertTrue(OnnxFixtures.relativeDifference(OnnxFixtures.runtime(compacted, batch, 4),
                OnnxFixtures.runtime(masked, batch, 4)) < 1e-4, "vit channels");
        assertTrue(parameters(compacted) <= 0.71 * parameters(masked), parameters(compacted) + " of " + parameters(masked));
        long narrower = OnnxModel.load(compacted).initializers().entrySet().stream()
                .filter(e -> e.getKey().endsWith("in_proj_bias") || e.getKey().endsWith("mlp.0.bias"))
                .filter(e -> e.getValue().shape()[0] < OnnxModel.load(masked).initializers().get(e.getKey()).shape()[0])
                .count();
        assertTrue(narrower > 0, "no input projection or FFN lost rows");
    }

    /** The ViT's 6 x 4 attention heads (144 input-projection rows each) and 6 FFN sets of 384 neurons. */
    @Test
    void infoListsTheHeadsAndFfnNeurons() {
        MintCliTest.Run info = MintCliTest.mint("info", "--model", OnnxFixtures.model("vit").toString());
        assertEquals(0, info.exit(), info.err());
        for (int l = 0; l < 6; l++) {
            String layer = "encoder\\.layers\\.encoder_layer_" + l + "\\.";
            assertTrue(info.out().matches("(?s).*  " + layer + "self_attention\\.in_proj\\.heads +4 +144 .*"), info.out());
            assertTrue(info.out().matches("(?s).*  " + layer + "mlp\\.0 +384 +1 .*"), info.out());
        }
        assertTrue(info.out().contains("channel families for structure: channels (12;"), info.out());
    }

    /**
     * GoogLeNet: every prunable layer but the stem is the child of a MINT pair, and a branch reading
     * an inception block's Concat pairs with each of the four branches before, at its slice.
     */
    @Test
    void infoPairsEveryInceptionBranch() {
        MintCliTest.Run info = MintCliTest.mint("info", "--model", OnnxFixtures.model("googlenet-bn").toString());
        assertEquals(0, info.exit(), info.err());
        String out = info.out();
        String pairs = out.substring(out.indexOf("MINT pairs"));
        List<String> layers = out.lines().skip(2).takeWhile(l -> !l.isBlank()).map(l -> l.split(" +")[0]).toList();
        assertEquals(58, layers.size(), out);
        for (String layer : layers.subList(1, layers.size())) {
            assertTrue(pairs.contains("-> " + layer + " "), layer + " is no pair's child:\n" + pairs);
        }
        assertTrue(pairs.contains("""
                  inception3a.branch1.conv -> inception3b.branch1.conv [inputs 0..63] (64 x 128 groups)
                  inception3a.branch2.1.conv -> inception3b.branch1.conv [inputs 64..191] (128 x 128 groups)
                  inception3a.branch3.1.conv -> inception3b.branch1.conv [inputs 192..223] (32 x 128 groups)
                  inception3a.branch4.1.conv -> inception3b.branch1.conv [inputs 224..255] (32 x 128 groups)
                """), pairs);
    }

    private Path export(Path seed, String point, boolean compact) {
        Path file = tmp.resolve(point + (compact ? "-compacted" : "") + ".onnx");
        MintCliTest.Run export = compact
                ? MintCliTest.mint("export", seed.toString(), "--format", "onnx", "--point", point, "--compact",
                        "--out", file.toString())
                : MintCliTest.mint("export", seed.toString(), "--format", "onnx", "--point", point, "--out",
                        file.toString());
        assertEquals(0, export.exit(), export.err());
        return file;
    }

    private static long parameters(Path onnx) {
        return OnnxModel.load(onnx).initializers().values().stream().mapToLong(t -> t.values().length).sum();
    }
}
