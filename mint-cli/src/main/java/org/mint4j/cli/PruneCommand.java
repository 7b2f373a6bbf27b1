package org.mint4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mint4j.prune.MaskPlan;
import org.mint4j.prune.ScoredPair;
import org.mint4j.recipe.Recipe;
import org.mint4j.run.PruningPipeline;
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
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Recipe r = RetrainCommand.recipeFor(from, recipe);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, List<ScoredPair>> scores = new PruningPipeline(r, common.dataDirectory(), common.threads, out)
                .score(from);
        out.printf("%-10s %-8s %s%n", "criterion", "target", "group pairs pruned per layer pair");
        for (Map.Entry<String, List<ScoredPair>> e : scores.entrySet()) {
            for (double target : r.mint().targets()) {
                MaskPlan plan = MaskPlan.plan(e.getValue(), target, r.mint().gamma(), r.mint().skip());
                StringBuilder sb = new StringBuilder();
                for (int p = 0; p < plan.pairs().size(); p++) {
                    int cut = 0;
                    for (boolean[] row : plan.pruned().get(p)) {
                        for (boolean b : row) {
                            cut += b ? 1 : 0;
                        }
                    }
                    ScoredPair sp = plan.pairs().get(p);
                    sb.append(String.format(Locale.ROOT, "  %s->%s %d/%d", sp.pair().parent(), sp.pair().child(), cut,
                            sp.groupPairs()));
                }
                out.printf(Locale.ROOT, "%-10s %6.2f%% %s%n", e.getKey(), 100 * target, sb);
            }
        }
        return 0;
    }
}
