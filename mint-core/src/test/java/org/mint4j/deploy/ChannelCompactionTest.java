package org.mint4j.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mint4j.SharedData;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.CifarResNet;
import org.mint4j.nn.CompactableNetwork;
import org.mint4j.nn.Mlp;
import org.mint4j.nn.PytorchWeights;
import org.mint4j.prune.Budget;
import org.mint4j.prune.ChannelCriterion;
import org.mint4j.prune.ChannelEvidence;
import org.mint4j.prune.ChannelPlan;
import org.mint4j.prune.FilterNormCriterion;
import org.mint4j.prune.Footprint;
import org.mint4j.prune.Masks;
import org.mint4j.prune.TensorCosts;
import org.mint4j.train.EngineSetup;

/**
 * A channel plan's network, compacted, is the plan: it has exactly the MACs and parameters the
 * plan reports, the kept widths, and the masked network's outputs.
 */
class ChannelCompactionTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    /** Plans with {@code criterion}, applies the masks and compacts; checks the compacted network against the plan. */
    static ChannelPlan planMaskAndCompact(CompactableNetwork net, ChannelCriterion criterion, Budget budget,
            double target, int roundTo, NDArray x, NDManager m) {
        List<ChannelFamily> families = net.channelFamilies();
        List<double[]> importance = ChannelEvidence.of(net, List.of()).importance(criterion, families, List.of());
        TensorCosts costs = TensorCosts.of(net);
        ChannelPlan plan = ChannelPlan.builder().setFamilies(families, importance).setCosts(costs)
                .setBudget(budget, target).optRoundTo(roundTo).build();
        Masks masks = plan.masks(costs.shapes());
        masks.bind(net, m).applyToWeights();
        CompactableNetwork compact = Compaction.compact(net, m);

        assertEquals(plan.achieved().macs(), ModelBench.macs(compact, false), "MACs of the compacted network");
        assertEquals(plan.achieved().parameters(), Footprint.of(compact).parameters(), "parameters");
        int[] widths = compact.channels();
        List<Integer> planned = List.copyOf(plan.keptChannels().values());
        for (int l = 0; l < widths.length; l++) {
            assertEquals(planned.get(l), widths[l], families.get(l).name());
        }
        float[] masked = DeployTest.outputs(net, x, m);
        float diff = DeployTest.maxAbsDiff(masked, DeployTest.outputs(compact, x, m));
        float scale = DeployTest.maxAbsDiff(masked, new float[masked.length]);
        assertTrue(diff <= 1e-5f * Math.max(1f, scale), diff + " on outputs up to " + scale);
        return plan;
    }

    @Test
    void resnet56AtHalfTheMacsIsTheCompactedNetwork() {
        try (NDManager m = NDManager.newBaseManager()) {
            CifarResNet net = new CifarResNet(56);
            net.initialize(m, 3);
            PytorchWeights.load(net, SharedData.directory().root().resolve("pretrained/resnet56.safetensors"));
            long original = ModelBench.macs(net, false);
            ChannelPlan plan = planMaskAndCompact(net, new FilterNormCriterion(1), Budget.MACS, 0.5, 1,
                    ConvCompactionTest.images(m, 4), m);
            assertEquals(original, plan.original().macs());
            assertTrue(plan.achieved().macs() <= original / 2, plan.achieved().macs() + " MACs left of " + original);
            // It stops at the first channel that meets the budget, so before the last one it was
            // above it; the costliest channel is a first-stage one, 16 x 3 x 3 weights in and out
            // on the 32 x 32 map.
            assertTrue(plan.achieved().macs() > original / 2 - 2L * 16 * 9 * 1024, "removed more than needed");
        }
    }

    @Test
    void mlpRoundedToEightKeepsMultiplesOfEight() {
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = Mlp.paper();
            net.initialize(m, 7);
            ChannelPlan plan = planMaskAndCompact(net, new FilterNormCriterion(2), Budget.PARAMS, 0.3, 8,
                    m.randomNormal(new ai.djl.ndarray.types.Shape(5, 784)), m);
            plan.keptChannels().forEach((family, kept) -> assertEquals(0, kept % 8, family + " keeps " + kept));
            assertTrue(plan.achieved().parameters() <= 0.7 * plan.original().parameters());
        }
    }
}
