package org.mint4j.run;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mint4j.data.Datasets;
import org.mint4j.gmi.ColumnGroups;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.Criterion;
import org.mint4j.prune.LayerActivations;
import org.mint4j.prune.LayerPair;
import org.mint4j.prune.LossGradients;
import org.mint4j.prune.PairData;
import org.mint4j.prune.RangeCriterion;
import org.mint4j.prune.ScoredPair;

/**
 * Scores every layer pair with every criterion: plans units (a pair, or ranges of its parent
 * groups for a {@link RangeCriterion} when the executor runs several at once), runs the missing
 * ones on the executor, keeps each finished unit, and saves the whole in the {@link ScoreStore}.
 */
final class ScoreStage {

    private ScoreStage() {
    }

    static Map<String, List<ScoredPair>> run(PipelineContext ctx) {
        ScoreStore store = new ScoreStore(ctx.dir());
        List<LayerPair> pairs = ctx.mint().pairs();
        Map<String, List<ScoredPair>> byCriterion = new LinkedHashMap<>();
        List<Criterion> missing = new ArrayList<>();
        for (Criterion criterion : ctx.criteria()) {
            Optional<List<ScoredPair>> saved = store.find(criterion.name(), store.made(criterion, pairs));
            if (saved.isPresent()) {
                ctx.out().printf("[score] %s done: %s%n", criterion.name(), ctx.dir().scores(criterion.name()));
                byCriterion.put(criterion.name(), saved.get());
            } else {
                byCriterion.put(criterion.name(), null); // filled below, in the recipe's order
                missing.add(criterion);
            }
        }
        if (!missing.isEmpty()) {
            List<PairData> data;
            double gradientSeconds = 0;
            try (NDManager manager = NDManager.newBaseManager()) {
                PrunableNetwork network = ctx.dir().loadBaseline(manager);
                LayerActivations activations = SampleStage.record(ctx, network, manager);
                Map<String, float[]> gradients = null;
                if (missing.stream().anyMatch(Criterion::needsGradients)) {
                    long start = System.nanoTime();
                    gradients = LossGradients.sum(network, ctx.trainSet(), activations.imageIndices(), manager);
                    gradientSeconds = (System.nanoTime() - start) / 1e9;
                    ctx.out().printf("[score] loss gradients summed over the %d sampled images in %.1f s%n",
                            activations.imageIndices().length, gradientSeconds);
                }
                data = pairData(ctx, network, activations, gradients);
            }
            for (Criterion criterion : missing) {
                byCriterion.put(criterion.name(), score(ctx, store, criterion, data,
                        criterion.needsGradients() ? gradientSeconds : 0));
            }
        }
        return byCriterion;
    }

    /** @param gradientSeconds the time the loss gradients took, counted in the cost of a criterion that uses them */
    private static List<ScoredPair> score(PipelineContext ctx, ScoreStore store, Criterion criterion,
            List<PairData> data, double gradientSeconds) {
        long start = System.nanoTime();
        Map<String, String> made = store.made(criterion, ctx.mint().pairs());
        List<ScoringUnit> units = units(criterion, data, ctx.executor().parallelism());
        double[][][] rows = new double[units.size()][][];
        List<ScoringUnit> pending = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            Optional<double[][]> done = store.partial(criterion.name(), made, units.get(u));
            if (done.isPresent()) {
                rows[u] = done.get();
            } else {
                pending.add(units.get(u));
            }
        }
        int[] finished = {units.size() - pending.size()};
        ctx.executor().run("score " + criterion.name(), new ScoringTask(criterion, data), pending,
                (i, unit, scores) -> {
                    store.savePartial(criterion.name(), made, unit, scores);
                    rows[units.indexOf(unit)] = scores;
                    LayerPair pair = data.get(unit.pair()).pair();
                    ctx.out().printf("[score] %s %s -> %s: %d group pairs%s%n", criterion.name(), pair.parent(),
                            pair.child(), scores.length * (unit.to() - unit.from()), units.size() == data.size()
                                    ? "" : String.format(" (parent groups %d-%d; %d/%d units)", unit.from(),
                                            unit.to() - 1, ++finished[0], units.size()));
                });
        List<ScoredPair> scored = new ArrayList<>();
        for (int p = 0; p < data.size(); p++) {
            PairData pd = data.get(p);
            double[][] whole = new double[pd.childGroups().count()][pd.parentGroups().count()];
            for (int u = 0; u < units.size(); u++) {
                ScoringUnit unit = units.get(u);
                if (unit.pair() == p) {
                    for (int i = 0; i < whole.length; i++) {
                        System.arraycopy(rows[u][i], 0, whole[i], unit.from(), unit.to() - unit.from());
                    }
                }
            }
            scored.add(new ScoredPair(pd.pair(), pd.childWeightShape(), whole));
        }
        double seconds = (System.nanoTime() - start) / 1e9 + gradientSeconds;
        store.save(criterion.name(), made, ctx.recipe().seed(), ctx.recipe().name(),
                Datasets.fileChecksums(ctx.recipe().dataset().name(), ctx.data()), seconds, scored);
        ctx.out().printf("[score] %s: %.1f s, saved %s%n", criterion.name(), seconds,
                ctx.dir().scores(criterion.name()));
        return scored;
    }

    /**
     * One unit per pair; a range criterion's pairs split into about {@code parallelism} ranges each
     * when the executor runs units at once (each range recomputes the pair's shared distances,
     * about the cost of one parent group, so ranges stay wide).
     */
    static List<ScoringUnit> units(Criterion criterion, List<PairData> data, int parallelism) {
        List<ScoringUnit> units = new ArrayList<>();
        for (int p = 0; p < data.size(); p++) {
            int groups = data.get(p).parentGroups().count();
            int pieces = criterion instanceof RangeCriterion ? Math.min(parallelism, groups) : 1;
            for (int k = 0; k < pieces; k++) {
                units.add(new ScoringUnit(p, (int) ((long) groups * k / pieces), (int) ((long) groups * (k + 1) / pieces)));
            }
        }
        return units;
    }

    /**
     * Each pair's activations, groups, child weight and (when given, by weight name) the loss
     * gradient of the child weight; the recipe was checked against the network before.
     */
    private static List<PairData> pairData(PipelineContext ctx, PrunableNetwork network, LayerActivations activations,
            Map<String, float[]> gradients) {
        List<PairData> out = new ArrayList<>();
        for (LayerPair pair : ctx.mint().pairs()) {
            String name = RecipeCheck.layer(network, pair.child()).weight();
            Parameter weight = network.namedParameters().get(name);
            long[] shape = weight.getShape().getShape();
            out.add(new PairData(pair, pair.parentTap(activations.layer(pair.parent()), shape),
                    activations.layer(pair.child()), ColumnGroups.sequential(pair.parentWidth(shape), pair.parentGroups()),
                    ColumnGroups.sequential((int) shape[0], pair.childGroups()), weight.getArray().toFloatArray(),
                    shape, gradients == null ? null : gradients.get(name)));
        }
        return out;
    }
}
