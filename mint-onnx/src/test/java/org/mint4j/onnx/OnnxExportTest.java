package org.mint4j.onnx;

import org.mint4j.prune.LayerPair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mint4j.nn.Safetensors.Tensor;
import org.mint4j.prune.Masks;
import org.mint4j.recipe.Recipe;
import org.mint4j.train.EngineSetup;

/** Exports run in ONNX Runtime: the baseline as the original, a compacted point as its masked export. */
class OnnxExportTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    static String[] torchvision() {
        return OnnxFixtures.TORCHVISION;
    }

    static long parameters(Path file) {
        return OnnxModel.load(file).initializers().values().stream().mapToLong(t -> t.values().length).sum();
    }

    /** Every child's weight columns for the parent channels c with c % 3 == 0 zeroed, as a channel-level MINT point. */
    static Masks everyThirdChannel(OnnxNetwork net) {
        Masks masks = new Masks();
        for (LayerPair pair : Dependencies.of(net.model()).pairs(Grouping.perChannel(), Set.of())) {
            String weight = net.prunableLayers().stream().filter(l -> l.name().equals(pair.child())).findFirst()
                    .orElseThrow().weight();
            masks.multiply(weight, net.namedParameters().get(weight).getShape().getShape(), columnMask(net, weight,
                    c -> c % 3 == 0));
        }
        return masks;
    }

    static float[] columnMask(OnnxNetwork net, String weight, java.util.function.IntPredicate zeroed) {
        long[] shape = net.namedParameters().get(weight).getShape().getShape();
        int inner = (int) (net.namedParameters().get(weight).getShape().size() / shape[0] / shape[1]);
        float[] mask = new float[(int) (shape[0] * shape[1] * inner)];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = zeroed.test((int) (i / inner % shape[1])) ? 0f : 1f;
        }
        return mask;
    }

    @ParameterizedTest
    @MethodSource("torchvision")
    void baselineEqualsTheOriginalAndACompactedPointItsMaskedExport(String name, @TempDir Path tmp) {
        Path file = OnnxFixtures.model(name);
        float[] batch = OnnxFixtures.batch(4, 13);
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(file));
            net.initialize(m, 0);
            Path baseline = tmp.resolve("baseline.onnx");
            OnnxExport.baseline(net, baseline);
            double diff = OnnxFixtures.relativeDifference(OnnxFixtures.runtime(baseline, batch, 4),
                    OnnxFixtures.runtime(file, batch, 4));
            assertEquals(0, diff, 1e-6, name + " baseline");

            Masks masks = everyThirdChannel(net);
            Path masked = tmp.resolve("masked.onnx");
            Path compacted = tmp.resolve("compacted.onnx");
            OnnxExport.masked(net, masks, masked);
            OnnxExport.compacted(net, masks, compacted);
            diff = OnnxFixtures.relativeDifference(OnnxFixtures.runtime(compacted, batch, 4),
                    OnnxFixtures.runtime(masked, batch, 4));
            assertTrue(diff < 1e-4, name + ": compacted differs from masked by " + diff);
            long before = parameters(masked);
            long after = parameters(compacted);
            assertTrue(after < before * 0.8, name + ": " + before + " -> " + after + " parameters");
        }
    }

    @Test
    void aResidualChannelGoesOnlyWhenEveryReaderDropsIt(@TempDir Path tmp) {
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model("resnet18-bn")));
            net.initialize(m, 0);
            Masks one = new Masks();
            String weight = "layer1.0.conv1.weight";
            one.multiply(weight, net.namedParameters().get(weight).getShape().getShape(),
                    columnMask(net, weight, c -> c == 5));
            Path out = tmp.resolve("one.onnx");
            OnnxExport.compacted(net, one, out);
            Map<String, Tensor> tensors = OnnxModel.load(out).initializers();
            assertEquals(64, tensors.get("conv1.weight").shape()[0], "stream channel 5 still has readers");
            assertEquals(64, tensors.get(weight).shape()[1]);

            Masks all = new Masks();
            for (String reader : new String[] {"layer1.0.conv1", "layer1.1.conv1", "layer2.0.conv1", "layer2.0.downsample.0"}) {
                String w = reader + ".weight";
                all.multiply(w, net.namedParameters().get(w).getShape().getShape(), columnMask(net, w, c -> c == 5));
            }
            OnnxExport.compacted(net, all, out);
            tensors = OnnxModel.load(out).initializers();
            for (String w : new String[] {"conv1.weight", "layer1.0.conv2.weight", "layer1.1.conv2.weight", "bn1.running_mean"}) {
                assertEquals(63, tensors.get(w).shape()[0], w);
            }
            assertEquals(63, tensors.get("layer2.0.downsample.0.weight").shape()[1]);
        }
    }
}
