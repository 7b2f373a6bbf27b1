package org.mint4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.deploy.LatencyRuns;
import org.mint4j.nn.CompactedCopy;
import org.mint4j.prune.Budget;
import org.mint4j.prune.ChannelEvidence;
import org.mint4j.prune.ChannelPlan;
import org.mint4j.prune.FilterNormCriterion;
import org.mint4j.prune.Masks;
import org.mint4j.prune.TensorCosts;
import org.mint4j.train.EngineSetup;

/**
 * Channel plans on imported graphs: the compacted export of a plan at a MACs budget runs in ONNX
 * Runtime with the masked export's outputs, and has exactly the MACs and parameters the plan reports;
 * the compacted copy that retraining trains computes the masked network's function and writes back.
 */
class OnnxChannelPlanTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    static Stream<String> models() {
        return Stream.concat(Stream.of(OnnxFixtures.TORCHVISION), Stream.of("resnet56", "convnext_tiny", "vit"));
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
            TensorCosts costs = TensorCosts.of(net);
            ChannelPlan plan = l1Plan(net, families, costs);
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

    /**
     * A channel plan's compacted copy computes what the masked network computes, and whatever it
     * learns goes back into the original's shape with the removed channels still zero.
     */
    @ParameterizedTest
    @MethodSource("models")
    void theCompactedCopyTrainsInPlaceOfTheMaskedNetwork(String name, @TempDir Path tmp) {
        float[] batch = OnnxFixtures.batch(4, 22);
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model(name)));
            net.initialize(m, 0);
            TensorCosts costs = TensorCosts.of(net);
            Masks masks = l1Plan(net, net.channelFamilies(), costs).masks(costs.shapes());
            masks.bind(net, m).applyToWeights();
            CompactedCopy copy = net.compactedCopy(m, tmp).orElseThrow();
            OnnxNetwork small = (OnnxNetwork) copy.network();
            assertTrue(TensorCosts.of(small).macs() <= 0.6 * costs.macs(), name);
            double diff = OnnxFixtures.relativeDifference(OnnxImportTest.logits(small, m, batch, 4), OnnxImportTest.logits(net, m, batch, 4));
            assertTrue(diff < 1e-4, name + ": the compacted copy differs from the masked network by " + diff);

            // Stands for training: every trained value of the copy moves.
            small.namedParameters().values().stream().filter(Parameter::requiresGradient)
                    .forEach(p -> p.getArray().muli(1.05f).addi(0.002f));
            copy.writeBack();
            diff = OnnxFixtures.relativeDifference(OnnxImportTest.logits(net, m, batch, 4), OnnxImportTest.logits(small, m, batch, 4));
            assertTrue(diff < 1e-4, name + ": written back, the original differs from the copy by " + diff);
            masks.byWeight().forEach((weight, mask) -> {
                float[] values = net.namedParameters().get(weight).getArray().toFloatArray();
                for (int i = 0; i < mask.length; i++) {
                    assertTrue(mask[i] != 0 || values[i] == 0, name + ": " + weight + " revived at " + i);
                }
            });
        }
    }

    /**
     * Torch-Pruning 1.6.1's global l1 on akamaster's ResNet-56 at half the MACs (its widths as
     * docs/results/torch-pruning/prune_resnet56.py recorded them) is mint4j's progressive plan: the
     * same inner width in every block but the one where Torch-Pruning's last step overshoots the
     * budget, which mint4j's plan stops at. One global order chooses other widths.
     */
    @Test
    void progressiveL1KeepsTorchPruningsWidthsOnResNet56() throws IOException {
        Map<String, Integer> torchPruning = new LinkedHashMap<>();
        new ObjectMapper().readTree(Path.of("../docs/results/channels-resnet56/runs/tp-export/tp-l1.json").toFile())
                .get("inner_channels").fields().forEachRemaining(e -> torchPruning.put(e.getKey() + ".conv1",
                        e.getValue().asInt()));
        try (NDManager m = NDManager.newBaseManager()) {
            ChannelPlan.Builder half = resnet56InnerL1(m).plan().setBudget(Budget.MACS, 0.5);
            Map<String, Integer> progressive = half.optSteps(400, true).build().keptChannels();
            Map<String, Integer> oneOrder = half.optSteps(1, false).build().keptChannels();
            List<String> differ = torchPruning.keySet().stream()
                    .filter(f -> !torchPruning.get(f).equals(progressive.get(f))).toList();
            assertEquals(List.of("layer3.7.conv1"), differ, "progressive " + progressive);
            assertEquals(torchPruning.get("layer3.7.conv1") + 8, progressive.get("layer3.7.conv1"));
            long oneOrderDiffers = torchPruning.keySet().stream()
                    .filter(f -> !torchPruning.get(f).equals(oneOrder.get(f))).count();
            assertTrue(oneOrderDiffers >= 20, "one order " + oneOrder);
        }
    }

    /**
     * A latency budget on akamaster's ResNet-56: the plan times candidates in ONNX Runtime and keeps
     * one whose compacted export took at most 85% of the original's time at batch 64, recording both.
     */
    @Test
    void aLatencyBudgetTimesCandidatesInOnnxRuntime() {
        try (NDManager m = NDManager.newBaseManager()) {
            InnerL1 resnet56 = resnet56InnerL1(m);
            OnnxNetwork net = resnet56.network();
            TensorCosts costs = TensorCosts.of(net);
            OnnxRuntimeLatency runtime = new OnnxRuntimeLatency();
            int[] timings = {0};
            ChannelPlan plan = resnet56.plan().setBudget(Budget.LATENCY, 0.15).optLatency(candidate -> {
                        timings[0]++;
                        return runtime.millis(net, candidate.masks(costs.shapes()), new int[] {64}, 2,
                                new LatencyRuns(3, 15))[0];
                    }).build();
            double before = plan.original().latencyMillis();
            double after = plan.achieved().latencyMillis();
            assertTrue(before > 0 && after <= 0.85 * before, before + " ms, then " + after + " ms");
            assertTrue(plan.achieved().removedChannels() > 0 && plan.achieved().macs() < costs.macs());
            // 126 blocks of 8 inner channels at most: the original, all of them, then bisection.
            assertTrue(timings[0] <= 2 + 7, timings[0] + " timings");
        }
    }

    /** A network and a plan builder for it (costs, l1 importance, skip list, rounding; no budget yet). */
    record InnerL1(OnnxNetwork network, ChannelPlan.Builder plan) {
    }

    /**
     * akamaster's ResNet-56 planned by l1 over the blocks' inner channels, the residual streams
     * skipped, in multiples of 8: the comparison of docs/results/channels-resnet56.md.
     */
    private static InnerL1 resnet56InnerL1(NDManager m) {
        OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model("resnet56")));
        net.initialize(m, 0);
        List<ChannelFamily> families = net.channelFamilies();
        List<String> streams = List.of("conv1", "conv1#2");
        List<double[]> importance = ChannelEvidence.of(net, List.of()).importance(new FilterNormCriterion(1),
                families, streams);
        return new InnerL1(net, ChannelPlan.builder().setFamilies(families, importance).setCosts(TensorCosts.of(net))
                .optSkip(streams).optRoundTo(8));
    }

    /** Global L1 filter norms down to 60% of the MACs. */
    private static ChannelPlan l1Plan(OnnxNetwork net, List<ChannelFamily> families, TensorCosts costs) {
        List<double[]> importance = ChannelEvidence.of(net, List.of()).importance(new FilterNormCriterion(1),
                families, List.of());
        return ChannelPlan.builder().setFamilies(families, importance).setCosts(costs)
                .setBudget(Budget.MACS, 0.4).build();
    }
}
