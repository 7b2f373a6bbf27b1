package org.mint4j.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.nn.PrunableLayer;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.MaskPlan;
import org.mint4j.prune.Masks;
import org.mint4j.prune.ScoredPair;
import org.mint4j.recipe.Recipe;

/** Masks from scores: the global percentile and the caps of the recipe's mint section. */
final class PlanStage {

    private PlanStage() {
    }

    static Masks masks(Recipe.Pruning mint, PrunableNetwork network, List<ScoredPair> pairs, double target) {
        Map<String, String> weightOfLayer = new LinkedHashMap<>();
        for (PrunableLayer l : network.prunableLayers()) {
            weightOfLayer.put(l.name(), l.weight());
        }
        return MaskPlan.plan(pairs, target, mint.gamma(), mint.skip()).masks(weightOfLayer);
    }
}
