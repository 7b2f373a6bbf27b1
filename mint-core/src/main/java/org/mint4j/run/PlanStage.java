package org.mint4j.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.deploy.LatencyRuns;
import org.mint4j.deploy.RuntimeLatency;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.ChannelStructure;
import org.mint4j.nn.PrunableLayer;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.Budget;
import org.mint4j.prune.ChannelCriterion;
import org.mint4j.prune.ChannelEvidence;
import org.mint4j.prune.ChannelPlan;
import org.mint4j.prune.MaskPlan;
import org.mint4j.prune.Masks;
import org.mint4j.prune.ScoredPair;
import org.mint4j.prune.TensorCosts;
import org.mint4j.recipe.Recipe;
import org.mint4j.train.EngineSetup;

/**
 * A point's masks: from the pair scores by the global percentile and caps (structure
 * connections), or from channel importances by the channel plan (structure channels).
 */
public final class PlanStage {

    private PlanStage() {
    }

    /**
     * Every family's channel importance by {@code criterion} (zeros for skipped families).
     *
     * @throws IllegalArgumentException when the criterion cannot rank a family, saying why
     */
    static List<double[]> importance(Recipe recipe, ChannelStructure network, List<ChannelFamily> families,
            Map<String, List<ScoredPair>> scores, String criterion) {
        ChannelCriterion channelCriterion = channelCriterion(recipe, criterion);
        ChannelEvidence evidence = ChannelEvidence.of(network, channelCriterion.pairScores().map(scores::get)
                .orElse(List.of()));
        return evidence.importance(channelCriterion, families, recipe.mint().skip());
    }

    /**
     * The runtime a latency budget times the network in.
     *
     * @throws IllegalArgumentException when no runtime on the class path runs the network
     */
    static RuntimeLatency runtime(PrunableNetwork network) {
        return RuntimeLatency.forNetwork(network).orElseThrow(() -> new IllegalArgumentException("budget latency "
                + "times the compacted network in its deployment runtime (ONNX Runtime, with mint-onnx on the class "
                + "path), and no runtime here runs " + network.architecture()));
    }

    private static ChannelCriterion channelCriterion(Recipe recipe, String name) {
        return PipelineContext.channelCriteria(recipe).stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow();
    }

    private static Map<String, String> weightOfLayer(PrunableNetwork network) {
        Map<String, String> out = new LinkedHashMap<>();
        for (PrunableLayer l : network.prunableLayers()) {
            out.put(l.name(), l.weight());
        }
        return out;
    }

    /** The masks of a point, and for a channel plan what it achieves (else null). */
    public record Plan(Masks masks, PrunePoint.Channels channels) {
    }

    /**
     * @param scores every pair criterion's scores by name (a channel criterion reads its own's)
     * @throws IllegalArgumentException when a channel criterion cannot rank the channels or the
     *     budget cannot be met, with the reason ({@link RecipeCheck} tries both before any work)
     */
    public static Plan plan(Recipe recipe, PrunableNetwork network, Map<String, List<ScoredPair>> scores, String criterion,
            double target) {
        Recipe.Pruning mint = recipe.mint();
        if (!mint.prunesChannels()) {
            return new Plan(MaskPlan.plan(scores.get(criterion), target, mint.gamma(), mint.skip())
                    .masks(weightOfLayer(network)), null);
        }
        ChannelStructure structure = (ChannelStructure) network;
        List<ChannelFamily> families = structure.channelFamilies();
        List<double[]> importance = importance(recipe, structure, families, scores, criterion);
        TensorCosts costs = TensorCosts.of(network);
        ChannelPlan.Builder builder = ChannelPlan.builder().setFamilies(families, importance).setCosts(costs)
                .setBudget(Budget.of(mint.budget()), target).optGamma(mint.gamma()).optSkip(mint.skip())
                .optRoundTo(mint.roundTo())
                .optSteps(mint.steps(), channelCriterion(recipe, criterion).normalizedPerFamily());
        if (Budget.of(mint.budget()) == Budget.LATENCY) {
            RuntimeLatency runtime = runtime(network);
            int[] batch = {mint.latencyBatch()};
            builder.optLatency(candidate -> runtime.millis(network, candidate.masks(costs.shapes()), batch,
                    EngineSetup.threads(), LatencyRuns.DEFAULT)[0]);
        }
        ChannelPlan plan = builder.build();
        return new Plan(plan.masks(costs.shapes()), new PrunePoint.Channels(mint.budget(), mint.steps(),
                plan.original(), plan.achieved(), plan.keptChannels(), null));
    }
}
