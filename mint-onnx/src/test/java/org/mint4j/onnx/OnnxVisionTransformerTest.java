package org.mint4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.prune.Budget;
import org.mint4j.prune.ChannelPlan;
import org.mint4j.prune.LayerPair;
import org.mint4j.prune.Masks;
import org.mint4j.prune.TensorCosts;
import org.mint4j.train.EngineSetup;

/**
 * A small torchvision VisionTransformer (6 layers, 4 heads, hidden 192, MLP 384) as torch 1.13
 * exports it at opset 13: shapes computed from the batch with Shape, Gather, Concat, Cast, Where
 * and Expand, attention as MatMuls between activations and a Softmax, a class token.
 */
class OnnxVisionTransformerTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    /** At two batch sizes: the shapes it computes follow the batch it is given. */
    @Test
    void runsAsOnnxRuntimeDoesAtAnyBatchSize() {
        for (int n : new int[] {1, 3}) {
            double diff = OnnxImportTest.differenceFromRuntime(OnnxFixtures.model("vit"), OnnxFixtures.batch(n, 51), n);
            assertTrue(diff < 1e-4, "batch " + n + ": ViT differs from ONNX Runtime by " + diff);
        }
    }

    /** Its 6 GELUs and 13 LayerNorms (2 per layer and the last), written node by node, each run as one call. */
    @Test
    void geluAndLayerNormRunFused() {
        List<FusedChains.Chain> chains = FusedChains.of(OnnxModel.load(OnnxFixtures.model("vit")));
        assertEquals(6, chains.stream().filter(c -> c.name().equals("GELU") && c.nodes().size() == 5).count());
        assertEquals(13, chains.stream().filter(c -> c.name().equals("LayerNorm") && c.nodes().size() == 9).count());
        assertEquals(19, chains.size());
    }

    /**
     * Each layer's attention heads are a family, found from the Reshape that splits the projected
     * queries, keys and values into 4 heads of 48 (merged with the batch, tokens first, as torch
     * 1.13's MultiheadAttention exports it): a head is a run of 48 rows of the input projection in
     * each of its three thirds, with their biases, and 48 columns of the output projection.
     */
    @Test
    void headsAreFamilies() {
        List<ChannelFamily> heads = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model("vit"))).channelFamilies()
                .stream().filter(f -> f.name().endsWith("in_proj.heads")).toList();
        assertEquals(6, heads.size());
        for (ChannelFamily f : heads) {
            assertEquals(4, f.channels());
            List<ChannelFamily.Cut> writers = f.cuts(ChannelFamily.Role.WRITER);
            assertEquals(3, writers.size());
            for (int third = 0; third < 3; third++) {
                assertEquals(48, writers.get(third).width());
                assertArrayEquals(new int[] {192 * third, 192 * third + 48, 192 * third + 96, 192 * third + 144},
                        writers.get(third).starts());
            }
            ChannelFamily.Cut reader = f.cuts(ChannelFamily.Role.READER).get(0);
            assertEquals(f.name().replace("in_proj.heads", "out_proj.weight"), reader.tensor());
            assertEquals(48, reader.width());
            assertEquals(3, f.cuts(ChannelFamily.Role.OTHER).size());
        }
    }

    /**
     * Heads 0 and 2 of the first layer and head 2 of the fourth removed: the compacted export has
     * their rows and columns gone, its Reshapes and Slices rewritten, and computes in ONNX Runtime
     * (at batch 1 and 3) and in mint4j what the masked network computes.
     */
    @Test
    void removedHeadsLeaveTheCompactedGraph(@TempDir Path tmp) {
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model("vit")));
            net.initialize(m, 0);
            List<ChannelFamily> families = net.channelFamilies();
            List<double[]> importance = new ArrayList<>();
            for (ChannelFamily f : families) {
                double[] score = new double[f.channels()];
                Arrays.fill(score, 1);
                if (f.name().equals("encoder.layers.encoder_layer_0.self_attention.in_proj.heads")) {
                    score[0] = 0;
                    score[2] = 0;
                } else if (f.name().equals("encoder.layers.encoder_layer_3.self_attention.in_proj.heads")) {
                    score[2] = 0;
                }
                importance.add(score);
            }
            List<String> ffn = families.stream().map(ChannelFamily::name).filter(n -> n.endsWith("mlp.0")).toList();
            TensorCosts costs = TensorCosts.of(net);
            ChannelPlan plan = ChannelPlan.builder().setFamilies(families, importance).setCosts(costs)
                    .setBudget(Budget.CHANNELS, 3.0 / 24).optSkip(ffn).build();
            Masks masks = plan.masks(costs.shapes());
            Path masked = tmp.resolve("masked.onnx");
            Path compacted = tmp.resolve("compacted.onnx");
            OnnxExport.masked(net, masks, masked);
            OnnxExport.compacted(net, masks, compacted);
            for (int n : new int[] {1, 3}) {
                float[] batch = OnnxFixtures.batch(n, 52);
                double diff = OnnxFixtures.relativeDifference(OnnxFixtures.runtime(compacted, batch, n),
                        OnnxFixtures.runtime(masked, batch, n));
                assertTrue(diff < 1e-4, "batch " + n + ": compacted differs from masked by " + diff);
            }
            OnnxModel small = OnnxModel.load(compacted);
            String layer0 = "encoder.layers.encoder_layer_0.self_attention.";
            String layer3 = "encoder.layers.encoder_layer_3.self_attention.";
            assertArrayEquals(new long[] {192, 96}, small.initializers().get(layer0 + "out_proj.weight").shape());
            assertArrayEquals(new long[] {192, 144}, small.initializers().get(layer3 + "out_proj.weight").shape());
            assertArrayEquals(new long[] {288}, small.initializers().get(layer0 + "in_proj_bias").shape());
            TensorCosts after = TensorCosts.of(new OnnxNetwork(small));
            assertEquals(plan.achieved().parameters(), after.parameters());

            masks.bind(net, m).applyToWeights();
            OnnxNetwork copy = (OnnxNetwork) net.compactedCopy(m, tmp).orElseThrow().network();
            float[] batch = OnnxFixtures.batch(3, 53);
            double diff = OnnxFixtures.relativeDifference(OnnxImportTest.logits(copy, m, batch, 3),
                    OnnxImportTest.logits(net, m, batch, 3));
            assertTrue(diff < 1e-4, "the compacted copy differs from the masked network by " + diff);
        }
    }

    /**
     * Every tap, the output projection's (tokens and batch merged into one axis) and the heads'
     * (its input) among them, is the sample's own: a batch of 3 gives, row for row, the taps of
     * each image alone.
     */
    @Test
    void tapsWithTheBatchMergedIntoTokensArePerSample() {
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model("vit")));
            net.initialize(m, 0);
            assertEquals(6, net.tappedValues().size());
            float[] batch = OnnxFixtures.batch(3, 54);
            int sample = 3 * 32 * 32;
            ParameterStore store = new ParameterStore(m, false);
            NDList together = net.forwardWithTaps(store, m.create(batch, new Shape(3, 3, 32, 32)));
            assertEquals(1 + net.prunableLayers().size() + 6, together.size());
            for (int n = 0; n < 3; n++) {
                NDList alone = net.forwardWithTaps(store, m.create(Arrays.copyOfRange(batch, n * sample, (n + 1) * sample),
                        new Shape(1, 3, 32, 32)));
                for (int t = 1; t < together.size(); t++) {
                    float[] row = together.get(t).get(n).toFloatArray();
                    float[] own = alone.get(t).get(0).toFloatArray();
                    assertArrayEquals(own, row, 1e-4f, "tap " + t + ", sample " + n);
                }
            }
        }
    }

    /**
     * A forward holds its live values only: afterwards the manager has the input, the output and
     * the taps left open, not the graph's hundreds of intermediates (at batch 1000 the ViT's
     * would take tens of GB), in inference, with taps, and in training under autograd (whose
     * gradients still reach every parameter).
     */
    @Test
    void aForwardLeavesOnlyItsOutputsOpen() {
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model("vit")));
            net.initialize(m, 0);
            ParameterStore store = new ParameterStore(m, false);
            int parameters = m.getManagedArrays().size();
            NDArray x = m.create(OnnxFixtures.batch(2, 55), new Shape(2, 3, 32, 32));
            net.forward(store, new NDList(x), false);
            assertEquals(parameters + 2, m.getManagedArrays().size(), "inference: the input and the output");
            NDList taps = net.forwardWithTaps(store, x);
            // the taps list the output first
            assertEquals(parameters + 2 + taps.size(), m.getManagedArrays().size(), "with taps");
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(net.forward(store, new NDList(x), true).singletonOrThrow().sum());
            }
            for (Parameter p : net.namedParameters().values()) {
                if (p.requiresGradient()) {
                    assertTrue(p.getArray().getGradient().abs().sum().getFloat() > 0, p.getName() + " got no gradient");
                }
            }
        }
    }

    /**
     * Each layer's FFN hidden neurons are a family (fc1's rows and bias, fc2's columns); the
     * residual stream is pinned by its LayerNorms. MINT pairs fc1 with fc2, fc2 with the next
     * layer's input projection (tokens first: [tokens, batch, 3 x hidden]), the heads (a group
     * each) with the output projection, and the output projection, the stream's latest writer,
     * with fc1.
     */
    @Test
    void ffnNeuronsArePrunableAndPaired() {
        OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model("vit")));
        List<ChannelFamily> families = net.channelFamilies().stream().filter(f -> !f.name().endsWith(".heads")).toList();
        assertEquals(6, families.size(), families.toString());
        for (int l = 0; l < 6; l++) {
            ChannelFamily ffn = families.get(l);
            assertEquals("encoder.layers.encoder_layer_" + l + ".mlp.0", ffn.name());
            assertEquals(384, ffn.channels());
            assertEquals(1, ffn.cuts(ChannelFamily.Role.READER).size());
        }
        List<LayerPair> pairs = net.derivePairs(OptionalInt.empty(), Set.of());
        assertEquals(25, pairs.size(), pairs.toString());
        String layer = "encoder.layers.encoder_layer_2.";
        assertTrue(pairs.contains(new LayerPair(layer + "mlp.0", layer + "mlp.3", 384, 192)));
        assertTrue(pairs.contains(new LayerPair(layer + "self_attention.out_proj", layer + "mlp.0", 192, 384)));
        assertTrue(pairs.contains(new LayerPair(layer + "self_attention.in_proj.heads", layer + "self_attention.out_proj",
                4, 192)));
        assertTrue(pairs.contains(new LayerPair(layer + "mlp.3", "encoder.layers.encoder_layer_3.self_attention.in_proj",
                192, 576)));
    }
}
