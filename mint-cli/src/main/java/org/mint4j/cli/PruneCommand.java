package org.mint4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mint4j.exec.Executor;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.MaskPlan;
import org.mint4j.prune.ScoredPair;
import org.mint4j.recipe.Recipe;
import org.mint4j.run.PlanStage;
import org.mint4j.run.PruningPipeline;
import org.mint4j.run.RunDirectory;
import org.mint4j.util.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint prune}: scores and mask plans for a trained run. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Record activations of a trained run, score every layer pair with each criterion, and show "
                + "the masks each target gives. Scores are saved in RUN_DIR/scores/.")
final class PruneCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "RUN_DIR", description = "A run made by mint train.")
    Path from;

    @Option(names = "--recipe", paramLabel = "NAME|FILE",
            description = "Take the mint section from this recipe (default: the run's own recipe).")
    String recipe;

    @Mixin
    SeedOption seeds;

    @Mixin
    CommonOptions common;

    @Mixin
    PipelineOptions pipeline;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        from = seeds.one(from);
        Recipe r = RetrainCommand.recipeFor(from, recipe);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, List<ScoredPair>> scores;
        try (RunLock lock = RunDirectoryLock.take(spec, from); Executor executor = pipeline.open(common)) {
            scores = new PruningPipeline(pipeline.context(r, RunDirectory.at(from), common, executor, out)).score();
        }
        if (r.mint().prunesChannels()) {
            printChannelPlans(r, scores, out);
            return 0;
        }
        out.printf("%-10s %8s  %s%n", "criterion", "target", "weights zeroed in the pruned layers (skipped ones included, as in results.json)");
        for (Map.Entry<String, List<ScoredPair>> e : scores.entrySet()) {
            for (double target : r.mint().targets()) {
                MaskPlan plan = MaskPlan.plan(e.getValue(), target, r.mint().gamma(), r.mint().skip());
                long[] zt = plan.zeroedAndTotalWeights();
                out.printf(Locale.ROOT, "%-10s %7.2f%%  %.2f%% (%,d of %,d)%n", e.getKey(), 100 * target,
                        100.0 * zt[0] / zt[1], zt[0], zt[1]);
            }
        }
        return 0;
    }

    private void printChannelPlans(Recipe r, Map<String, List<ScoredPair>> scores, PrintWriter out) {
        out.printf("%-10s %8s  %s%n", "criterion", "target", "channel plan (target: the fraction of "
                + r.mint().budget() + " removed)");
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = RunDirectory.at(from).loadBaseline(manager);
            for (String criterion : r.mint().criteria()) {
                for (double target : r.mint().targets()) {
                    out.printf(Locale.ROOT, "%-10s %7.2f%%  %s%n", criterion, 100 * target,
                            PlanStage.plan(r, network, scores, criterion, target).channels().describe());
                }
            }
        }
    }
}
