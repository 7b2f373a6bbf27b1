package org.mint4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.prune.Budget;
import org.mint4j.prune.ChannelEvidence;
import org.mint4j.prune.ChannelPlan;
import org.mint4j.prune.FilterNormCriterion;
import org.mint4j.prune.Gamma;
import org.mint4j.prune.Masks;
import org.mint4j.prune.TensorCosts;
import org.mint4j.train.EngineSetup;

/**
 * Channel plans on imported graphs: the compacted export of a plan at a MACs budget runs in ONNX
 * Runtime with the masked export's outputs, and has exactly the MACs and parameters the plan reports.
 */
class OnnxChannelPlanTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    static Stream<String> models() {
        return Stream.concat(Stream.of(OnnxFixtures.TORCHVISION), Stream.of("resnet56"));
    }

    @ParameterizedTest
    @MethodSource("models")
    void theCompactedExportIsThePlan(String name, @TempDir Path tmp) {
        float[] batch = OnnxFixtures.batch(4, 21);
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model(name)));
            net.initialize(m, 0);
            List<ChannelFamily> families = net.channelFamilies();
            if (name.equals("resnet18-bn")) {
                // The first stage's residual stream: written by the stem and both blocks, read by
                // both blocks and the next stage's conv1 and downsample, normalised by three BatchNorms.
                ChannelFamily stream = families.stream().filter(f -> f.name().equals("conv1")).findFirst().orElseThrow();
                assertEquals(64, stream.channels());
                assertEquals(List.of("conv1.weight", "layer1.0.conv2.weight", "layer1.1.conv2.weight"),
                        stream.cuts(ChannelFamily.Role.WRITER).stream().map(ChannelFamily.Cut::tensor).toList());
                assertEquals(List.of("layer1.0.conv1.weight", "layer1.1.conv1.weight", "layer2.0.conv1.weight",
                        "layer2.0.downsample.0.weight"), stream.cuts(ChannelFamily.Role.READER).stream()
                                .map(ChannelFamily.Cut::tensor).toList());
                assertEquals(3, stream.cuts(ChannelFamily.Role.NORM_SCALE).size());
            }
            List<double[]> importance = ChannelEvidence.of(net, List.of()).importance(new FilterNormCriterion(1),
                    families, List.of());
            TensorCosts costs = TensorCosts.of(net);
            ChannelPlan plan = ChannelPlan.plan(families, importance, costs, Budget.MACS, 0.4, Gamma.NONE, List.of(), 1);
            Masks masks = plan.masks(costs.shapes());
            Path masked = tmp.resolve("masked.onnx");
            Path compacted = tmp.resolve("compacted.onnx");
            OnnxExport.masked(net, masks, masked);
            OnnxExport.compacted(net, masks, compacted);
            double diff = OnnxFixtures.relativeDifference(OnnxFixtures.runtime(compacted, batch, 4),
                    OnnxFixtures.runtime(masked, batch, 4));
            assertTrue(diff < 1e-4, name + ": compacted differs from masked by " + diff);

            OnnxNetwork small = new OnnxNetwork(OnnxModel.load(compacted));
            small.initialize(m, 0);
            TensorCosts after = TensorCosts.of(small);
            assertTrue(plan.achieved().macs() <= 0.6 * costs.macs(), name + ": " + plan.achieved());
            assertEquals(plan.achieved().macs(), after.macs(), name + " MACs");
            assertEquals(plan.achieved().parameters(), after.parameters(), name + " parameters");
        }
    }
}
