package org.mint4j.run;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.nn.PrunableLayer;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.MaskPlan;
import org.mint4j.prune.Masks;
import org.mint4j.prune.ScoredPair;
import org.mint4j.recipe.Recipe;
import org.mint4j.util.Checksums;

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

    /** The name of a point: what its masks and retraining depend on beyond its scores, digested. */
    static PointName pointName(Recipe.Pruning mint, String criterion, double target) {
        String settings = "gamma=" + mint.gamma().fullLabel() + " skip=" + mint.skip() + " retrain="
                + mint.retrain().label();
        return new PointName(criterion, target,
                Checksums.sha256(settings.getBytes(StandardCharsets.UTF_8)).substring(0, 8));
    }
}
