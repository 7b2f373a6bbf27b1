package org.mint4j.run;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.ChannelStructure;
import org.mint4j.nn.PrunableLayer;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.Budget;
import org.mint4j.prune.Criterion;
import org.mint4j.prune.DerivedPairs;
import org.mint4j.prune.LayerPair;
import org.mint4j.prune.ScoredPair;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.RecipeException;

/**
 * Checks a recipe's mint section against its network before the first epoch, so that a wrong
 * layer name or group count costs seconds, not a training run: pairs exist and connect, groups
 * fit the layers, the activation sample fits the training subset, skipped and capped layers exist.
 * {@code pairs: auto} is resolved here, from the network's own pairs ({@link DerivedPairs}).
 */
public final class RecipeCheck {

    private RecipeCheck() {
    }

    /**
     * Builds the network on the engine as configured by the caller (configuring it here would fix
     * its thread count for the whole process).
     *
     * @return the recipe as it is run: with {@code pairs: auto} replaced by the derived pairs
     * @throws RecipeException naming the recipe, the key and the value
     */
    public static Recipe against(Recipe recipe, String source) {
        Recipe.Pruning mint = recipe.mint();
        if (mint == null) {
            return recipe;
        }
        Integer perClass = recipe.dataset().trainPerClass();
        require(perClass == null || mint.samplesPerClass() <= perClass, source, "mint.samples_per_class",
                mint.samplesPerClass(), "at most dataset.train_per_class = " + perClass + " (the sample is drawn from "
                        + "the training subset)");
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = recipe.model().create();
            network.initialize(manager, recipe.seed());
            List<String> names = network.prunableLayers().stream().map(PrunableLayer::name).toList();
            if (mint.prunesChannels()) {
                require(network instanceof ChannelStructure, source, "mint.structure", mint.structure(), "connections "
                        + "for " + network.architecture() + ", which does not say which channels are removed together");
            }
            // A channel plan's skip list and caps name channel families; a connection plan's, child layers.
            List<String> capped = mint.prunesChannels() ? ((ChannelStructure) network).channelFamilies().stream()
                    .map(ChannelFamily::name).toList() : names;
            String cappedKind = mint.prunesChannels() ? "channel families of " : "prunable layers of ";
            for (String skipped : mint.skip()) {
                require(capped.contains(skipped), source, "mint.skip", skipped, cappedKind + network.architecture()
                        + ": " + capped);
            }
            if (mint.derivesPairs()) {
                require(network instanceof DerivedPairs, source, "mint.pairs", "auto", "pairs listed by hand for "
                        + network.architecture() + " (auto derives them from an imported model's graph)");
                mint = mint.withDerivedPairs(((DerivedPairs) network).derivePairs(mint.derivedGroups(),
                        mint.prunesChannels() ? Set.of() : Set.copyOf(mint.skip())));
                require(!mint.pairs().isEmpty(), source, "mint.pairs", "auto", "a network with at least one layer "
                        + "reading another's outputs (" + network.architecture() + " has none outside mint.skip)");
            }
            for (int i = 0; i < mint.pairs().size(); i++) {
                LayerPair pair = mint.pairs().get(i);
                String key = "mint.pairs[" + i + "]";
                Map<String, Integer> taps = network.tapWidths();
                require(taps.containsKey(pair.parent()), source, key + ".parent", pair.parent(),
                        "a prunable layer or tapped value of " + network.architecture() + ": " + taps.keySet());
                require(names.contains(pair.child()), source, key + ".child", pair.child(),
                        "a prunable layer of " + network.architecture() + ": " + names);
                Parameter weight = network.namedParameters().get(layer(network, pair.child()).weight());
                long[] shape = weight.getShape().getShape();
                int parentWidth = taps.get(pair.parent());
                if (pair.columns() == null) {
                    require(shape[1] == parentWidth, source, key, pair.parent() + " -> " + pair.child(),
                            "a child that reads its parent: " + pair.child() + "'s weight takes " + shape[1]
                                    + " inputs, " + pair.parent() + " has " + parentWidth + " outputs");
                } else {
                    LayerPair.Columns columns = pair.columns();
                    require(columns.from() >= 0 && columns.width() >= 1
                            && columns.from() + columns.width() <= parentWidth && columns.offset() >= 0
                            && columns.block() >= 1
                            && columns.offset() + (long) columns.width() * columns.block() <= shape[1], source,
                            key + ".columns", columns, "a run of the " + parentWidth + " outputs of " + pair.parent()
                                    + " within the " + shape[1] + " inputs of " + pair.child());
                }
                int read = pair.parentWidth(shape);
                require(pair.parentGroups() <= read, source, key + ".parent_groups", pair.parentGroups(),
                        "at most the " + read + " outputs of " + pair.parent() + " that " + pair.child() + " reads");
                require(pair.childGroups() <= shape[0], source, key + ".child_groups", pair.childGroups(),
                        "at most the " + shape[0] + " outputs of " + pair.child());
            }
            for (String layer : mint.gamma().layers().keySet()) {
                require(capped.contains(layer), source, "mint.gamma.layers", layer, cappedKind
                        + network.architecture() + ": " + capped);
            }
            if (mint.prunesChannels()) {
                planChannels(recipe.withPruning(mint), network, source);
            }
        }
        return recipe.withPruning(mint);
    }

    /**
     * Plans every point on the untrained network with zero pair scores: whether each criterion can
     * rank every family and each target is reachable within the caps does not depend on the values.
     */
    private static void planChannels(Recipe recipe, PrunableNetwork network, String source) {
        Recipe.Pruning mint = recipe.mint();
        Map<String, List<ScoredPair>> zeros = new LinkedHashMap<>();
        for (Criterion criterion : PipelineContext.criteria(recipe)) {
            List<ScoredPair> pairs = new ArrayList<>();
            for (LayerPair pair : mint.pairs()) {
                long[] shape = network.namedParameters().get(layer(network, pair.child()).weight()).getShape().getShape();
                pairs.add(new ScoredPair(pair, shape, new double[pair.childGroups()][pair.parentGroups()]));
            }
            zeros.put(criterion.name(), pairs);
        }
        for (String criterion : mint.criteria()) {
            try {
                PlanStage.importance(recipe, (ChannelStructure) network, ((ChannelStructure) network).channelFamilies(),
                        zeros, criterion);
            } catch (IllegalArgumentException e) {
                throw new RecipeException("recipe " + source + ": mint.criteria = " + criterion + " cannot rank the "
                        + "channels of " + network.architecture() + ": " + e.getMessage());
            }
        }
        if (Budget.of(mint.budget()) == Budget.LATENCY) {
            // Whether a latency target is reachable only timing tells; the run's plan says it if not.
            try {
                PlanStage.runtime(network);
            } catch (IllegalArgumentException e) {
                throw new RecipeException("recipe " + source + ": mint.budget = latency is not allowed: "
                        + e.getMessage());
            }
            return;
        }
        for (double target : mint.targets()) {
            try {
                PlanStage.plan(recipe, network, zeros, mint.criteria().get(0), target);
            } catch (IllegalArgumentException e) {
                throw new RecipeException("recipe " + source + ": mint.targets = " + target + " is not allowed: "
                        + e.getMessage());
            }
        }
    }

    static PrunableLayer layer(PrunableNetwork network, String name) {
        return network.prunableLayers().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new RecipeException("no prunable layer '" + name + "' in the "
                        + network.architecture() + " network; it has " + network.prunableLayers().stream()
                                .map(PrunableLayer::name).toList()));
    }

    private static void require(boolean ok, String source, String key, Object value, String expected) {
        if (!ok) {
            throw new RecipeException("recipe " + source + ": " + key + " = " + value + " is not allowed; expected "
                    + expected);
        }
    }
}
