package org.mint4j.run;

import org.mint4j.prune.MintCriterion;
import org.mint4j.nn.WeightFiles;
import org.mint4j.exec.Executor;
import org.mint4j.util.Json;
import org.mint4j.prune.Gamma;
import org.mint4j.prune.LayerPair;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mint4j.util.Charts;
import org.mint4j.data.DataDirectory;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.RecipeException;
import org.mint4j.util.AtomicFiles;

/**
 * The paper's hyper-parameter studies (Section IV-D, Fig. 4; Appendix A, Fig. A-1) on a trained
 * run: for each setting of the number of groups G, the samples per class m and the cap gamma, MINT
 * scores the baseline, every target of the sweep is retrained, and the setting's outcome is its
 * most pruned point whose accuracy meets the floor.
 *
 * <p>G applies to every layer pair, for parents and children alike, capped at the layer's width
 * (MNIST's 10 classes make at most 10 child groups for fc3). Each (G, m) gets its own run
 * directory under the study directory holding a copy of the baseline's weights, so its scores and
 * retrained points are kept and a killed study resumes without redoing them; the gamma variants of
 * one (G, m) share its scores.
 */
public final class Study {

    /** One setting and what it gave. {@code best} is null when no target meets the floor. */
    public record Outcome(int groups, int samplesPerClass, String gamma, List<PrunePoint> points, PrunePoint best) {
    }

    private final Recipe recipe;
    private final RunDirectory baseline;
    private final RunDirectory directory;
    private final DataDirectory data;
    private final Executor executor;
    private final int threads;
    private final PrintWriter out;

    /**
     * @param recipe the baseline's recipe whose mint section gives the sweep, the floor and the
     *     retraining schedule (its criteria are replaced by MINT alone)
     * @param baseline a trained run directory
     * @param directory where the study's run directories and tables go
     */
    public Study(Recipe recipe, RunDirectory baseline, RunDirectory directory, DataDirectory data, Executor executor,
            int threads, PrintWriter out) {
        if (recipe.mint() == null) {
            throw new RecipeException("recipe " + recipe.name() + " has no mint section to study");
        }
        baseline.requireBaseline();
        this.recipe = recipe;
        this.baseline = baseline;
        this.directory = directory;
        this.data = data;
        this.executor = executor;
        this.threads = threads;
        this.out = out;
    }

    /** Fig. 4: the most pruned point against G (at m = fixedSamples) and against m (at G = fixedGroups). */
    public Map<String, List<Outcome>> groupsAndSamples(List<Integer> groups, int fixedSamples, List<Integer> samples,
            int fixedGroups) {
        List<Outcome> byGroups = new ArrayList<>();
        for (int g : groups) {
            byGroups.add(measure(g, fixedSamples, recipe.mint().gamma()));
        }
        List<Outcome> bySamples = new ArrayList<>();
        for (int m : samples) {
            bySamples.add(measure(fixedGroups, m, recipe.mint().gamma()));
        }
        write("study-groups", "Most pruned with accuracy >= floor, against G (m = " + fixedSamples + ")", "G",
                byGroups, Outcome::groups);
        write("study-samples", "Most pruned with accuracy >= floor, against m (G = " + fixedGroups + ")",
                "samples per class", bySamples, Outcome::samplesPerClass);
        Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
        outcomes.put("groups", byGroups);
        outcomes.put("samples", bySamples);
        return outcomes;
    }

    /** Fig. A-1: the most pruned point against G, one line per cap variant. */
    public List<Outcome> gamma(List<Integer> groups, int samplesPerClass, List<Gamma> variants) {
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, double[]> lines = new LinkedHashMap<>();
        for (Gamma gamma : variants) {
            double[] line = new double[groups.size()];
            for (int i = 0; i < groups.size(); i++) {
                Outcome o = measure(groups.get(i), samplesPerClass, gamma);
                outcomes.add(o);
                line[i] = o.best() == null ? 0 : 100 * o.best().zeroedFractionPrunable();
            }
            lines.put("gamma " + gamma.label(), line);
        }
        AtomicFiles.writeString(directory.studyFile("study-gamma.md"), table(
                "Most pruned with accuracy >= floor, against G and the cap gamma (m = " + samplesPerClass + ")",
                outcomes));
        Json.write(directory.studyFile("study-gamma.json"), outcomes);
        Charts.lines(directory.studyFile("study-gamma.png"), "Most pruned with accuracy >= floor (m = "
                + samplesPerClass + ")", "G", "zeroed % of the pruned layers",
                groups.stream().mapToDouble(Integer::doubleValue).toArray(), lines);
        return outcomes;
    }

    /** Scores (or reuses the scores of) one (G, m), retrains the sweep under one cap. */
    Outcome measure(int groups, int samplesPerClass, Gamma gamma) {
        RunDirectory run = directory.studySetting(groups, samplesPerClass);
        copyBaseline(run);
        Recipe.Pruning mint = recipe.mint().withSamplesPerClass(samplesPerClass);
        // Pairs derived from an imported graph are derived again with G groups per layer.
        Recipe.Pruning setting = mint.derivesPairs()
                ? mint.withDerivedGroups(groups).withSetting(mint.pairs(), gamma, List.of(MintCriterion.NAME))
                : mint.withSetting(regroup(mint.pairs(), groups), gamma, List.of(MintCriterion.NAME));
        out.printf(Locale.ROOT, "[study] G = %d, m = %d, gamma %s: %s%n", groups, samplesPerClass, gamma.label(), run.root());
        PruningPipeline pipeline = new PruningPipeline(PipelineContext.builder().setRecipe(recipe.withPruning(setting))
                .setDirectory(run).setData(data).optExecutor(executor).optThreads(threads).optOutput(out).build());
        SeedResults results = pipeline.retrain(pipeline.score(), new LinkedHashMap<>());
        PrunePoint best = results.bestMeetingFloor().get(MintCriterion.NAME);
        out.printf(Locale.ROOT, "[study] G = %d, m = %d, gamma %s: %s%n", groups, samplesPerClass, gamma.label(),
                best == null ? "no target meets the floor" : String.format(Locale.ROOT, "%.2f%% zeroed at %.2f%%",
                        100 * best.zeroedFractionPrunable(), 100 * best.accuracy()));
        return new Outcome(groups, samplesPerClass, gamma.label(), results.points(), best);
    }

    private List<LayerPair> regroup(List<LayerPair> pairs, int groups) {
        Map<String, Integer> widths = recipe.model().create().tapWidths();
        return pairs.stream().map(p -> new LayerPair(p.parent(), p.child(),
                Math.min(groups, p.columns() == null ? widths.get(p.parent()) : p.columns().width()),
                Math.min(groups, widths.get(p.child())), p.columns())).toList();
    }

    /** The baseline's files a setting's run directory needs, copied once. */
    private void copyBaseline(RunDirectory run) {
        if (Files.exists(run.trainResult())) {
            return;
        }
        run.claim();
        for (java.util.function.Function<RunDirectory, Path> file : List.<java.util.function.Function<RunDirectory,
                Path>>of(RunDirectory::best, r -> WeightFiles.digestFile(r.best()), RunDirectory::recipe,
                RunDirectory::provenance, RunDirectory::baseline, RunDirectory::trainResult)) {
            AtomicFiles.write(file.apply(run), o -> Files.copy(file.apply(baseline), o));
        }
    }

    private void write(String name, String title, String axis, List<Outcome> outcomes,
            java.util.function.ToIntFunction<Outcome> x) {
        AtomicFiles.writeString(directory.studyFile(name + ".md"), table(title, outcomes));
        Json.write(directory.studyFile(name + ".json"), outcomes);
        List<String> categories = outcomes.stream().map(o -> Integer.toString(x.applyAsInt(o))).toList();
        double[] zeroed = outcomes.stream()
                .mapToDouble(o -> o.best() == null ? 0 : 100 * o.best().zeroedFractionPrunable()).toArray();
        Charts.bars(directory.studyFile(name + ".png"), title, axis, "zeroed % of the pruned layers", categories,
                Map.of(MintCriterion.NAME, new Charts.Bars(zeroed, null)));
    }

    /** One row per setting: the most pruned point meeting the floor and every target's accuracy. */
    static String table(String title, List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder("## ").append(title).append("\n\n");
        sb.append("| G | m | gamma | most pruned >= floor | its accuracy | every target: zeroed -> accuracy |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            List<String> all = o.points().stream().map(p -> String.format(Locale.ROOT, "%.1f%% -> %.2f%%",
                    100 * p.zeroedFractionPrunable(), 100 * p.accuracy())).toList();
            sb.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s |%n", o.groups(), o.samplesPerClass(),
                    o.gamma(), o.best() == null ? "none" : String.format(Locale.ROOT, "%.2f%%",
                            100 * o.best().zeroedFractionPrunable()),
                    o.best() == null ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * o.best().accuracy()),
                    String.join(", ", all)));
        }
        return sb.toString();
    }
}
