package org.mint4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.prune.LayerPair;
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

    /**
     * Each layer's FFN hidden neurons are a family (fc1's rows and bias, fc2's columns); the
     * residual stream is pinned by its LayerNorms. MINT pairs fc1 with fc2 and fc2 with the next
     * layer's input projection (whose tokens-first output [tokens, batch, 3 x hidden] still has a
     * batch axis) and fc1; the attention's output projection, which reads tokens and batch merged
     * into one axis, has no per-sample tap, so the stream's writer before it stands in.
     */
    @Test
    void ffnNeuronsArePrunableAndPaired() {
        OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model("vit")));
        List<ChannelFamily> families = net.channelFamilies();
        assertEquals(6, families.size(), families.toString());
        for (int l = 0; l < 6; l++) {
            ChannelFamily ffn = families.get(l);
            assertEquals("encoder.layers.encoder_layer_" + l + ".mlp.0", ffn.name());
            assertEquals(384, ffn.channels());
            assertEquals(1, ffn.cuts(ChannelFamily.Role.READER).size());
        }
        List<LayerPair> pairs = net.derivePairs(OptionalInt.empty(), Set.of());
        assertEquals(19, pairs.size(), pairs.toString());
        String layer = "encoder.layers.encoder_layer_2.";
        assertTrue(pairs.contains(new LayerPair(layer + "mlp.0", layer + "mlp.3", 384, 192)));
        assertTrue(pairs.contains(new LayerPair("encoder.layers.encoder_layer_1.mlp.3", layer + "mlp.0", 192, 384)));
        assertTrue(pairs.stream().noneMatch(p -> p.parent().endsWith("out_proj") || p.child().endsWith("out_proj")));
        assertTrue(pairs.contains(new LayerPair(layer + "mlp.3", "encoder.layers.encoder_layer_3.self_attention.in_proj",
                192, 576)));
    }
}
