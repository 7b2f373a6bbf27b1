package org.mint4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.prune.LayerPair;
import org.mint4j.train.EngineSetup;

/**
 * torchvision's ConvNeXt-Tiny as torch.onnx exports it at opset 13: depthwise 7x7 convs, LayerNorm
 * over channels-last maps decomposed into ReduceMean, Sub, Pow, Sqrt and Div, GELU as Erf, each
 * block's FFN as two MatMuls on the last axis, and a layer scale.
 */
class OnnxConvNextTest {

    private static final int[] DEPTHS = {3, 3, 9, 3};
    private static final int[] WIDTHS = {96, 192, 384, 768};

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    @Test
    void runsAsOnnxRuntimeDoes() {
        double diff = OnnxImportTest.differenceFromRuntime(OnnxFixtures.model("convnext_tiny"),
                OnnxFixtures.batch(4, 31), 4);
        assertTrue(diff < 1e-4, "ConvNeXt differs from ONNX Runtime by " + diff);
    }

    /**
     * Each block's FFN hidden neurons are a family of their own; the residual streams are pinned,
     * since every LayerNorm averages over their channels; MINT pairs each block's depthwise conv
     * with its first Linear and that with the second, which feeds the next stage's downsampling.
     */
    @Test
    void ffnNeuronsArePrunableAndPairedWhileLayerNormsPinTheStreams() {
        OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model("convnext_tiny")));
        List<ChannelFamily> families = net.channelFamilies();
        List<String> expected = new java.util.ArrayList<>();
        for (int s = 0; s < DEPTHS.length; s++) {
            for (int b = 0; b < DEPTHS[s]; b++) {
                expected.add("features." + (2 * s + 1) + "." + b + ".block.3");
            }
        }
        assertEquals(expected, families.stream().map(ChannelFamily::name).toList());
        for (int f = 0, s = 0; s < DEPTHS.length; s++) {
            for (int b = 0; b < DEPTHS[s]; b++, f++) {
                ChannelFamily family = families.get(f);
                assertEquals(4 * WIDTHS[s], family.channels(), family.name());
                // fc1's rows and bias, fc2's columns.
                assertEquals(1, family.cuts(ChannelFamily.Role.WRITER).size());
                assertEquals(1, family.cuts(ChannelFamily.Role.READER).size());
            }
        }
        List<LayerPair> pairs = net.derivePairs(java.util.OptionalInt.empty(), Set.of());
        assertEquals(40, pairs.size());
        assertTrue(pairs.contains(new LayerPair("features.5.4.block.0", "features.5.4.block.3", 384, 1536)));
        assertTrue(pairs.contains(new LayerPair("features.5.4.block.3", "features.5.4.block.5", 1536, 384)));
        assertTrue(pairs.contains(new LayerPair("features.5.8.block.5", "features.6.1", 384, 768)));
    }
}
