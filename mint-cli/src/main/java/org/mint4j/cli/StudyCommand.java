package org.mint4j.cli;

import org.mint4j.prune.Gamma;
import org.mint4j.run.RunDirectory;
import org.mint4j.exec.Executor;
import java.nio.file.Path;
import java.util.List;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.run.Study;
import org.mint4j.util.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mint study}: the paper's G, m and gamma studies on a trained run. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Hyper-parameter studies on a trained run (MINT scores, every target retrained; the outcome "
                + "of a setting is its most pruned point meeting the accuracy floor). Rerun to continue.",
        subcommands = {StudyCommand.GroupsAndSamples.class, StudyCommand.Gamma.class})
final class StudyCommand {

    /** What both studies take. */
    static final class Shared {

        @Option(names = "--from", required = true, paramLabel = "RUN_DIR", description = "A trained run.")
        Path from;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "The study directory: one run directory per (G, m), tables, JSON and plots.")
        Path out;

        @Option(names = "--recipe", paramLabel = "NAME|FILE",
                description = "Take the mint section from this recipe (default: the run's own).")
        String recipe;

        @Option(names = "--targets", split = ",", paramLabel = "T[,T...]",
                description = "The sweep of targets (default: the recipe's).")
        List<Double> targets;

        @Option(names = "--retrain-epochs", paramLabel = "N",
                description = "Retrain this many epochs, the schedule's milestones moved to the same fractions "
                        + "(default: the recipe's schedule).")
        Integer retrainEpochs;

        @Option(names = "--groups", split = ",", defaultValue = "5,10,20,50", paramLabel = "G[,G...]",
                description = "Numbers of groups, for every layer pair (default: ${DEFAULT-VALUE}, as the paper).")
        List<Integer> groups;

        @Mixin
        SeedOption seeds;

        @Mixin
        CommonOptions common;

        @Mixin
        PipelineOptions pipeline;

        /** The trained run of one seed that --from names: before the study directory is locked (and made). */
        Path run() {
            return seeds.one(from);
        }

        Study study(Path from, CommandSpec spec, Executor executor) {
            Recipe r = RetrainCommand.recipeFor(from, recipe);
            Recipe.Pruning m = r.mint();
            if (m != null && (targets != null || retrainEpochs != null)) {
                if (targets != null) {
                    m = m.withTargets(targets);
                }
                if (retrainEpochs != null) {
                    m = m.withRetrain(m.retrain().scaledTo(retrainEpochs));
                }
                r = r.withPruning(m);
                Recipes.validate(r, "given on the command line");
            }
            return new Study(r, RunDirectory.at(from), RunDirectory.at(out), common.dataDirectory(), executor,
                    common.threads(), spec.commandLine().getOut());
        }
    }

    @Command(name = "groups-samples", mixinStandardHelpOptions = true,
            description = "Fig. 4: the most pruned point against the number of groups G and the samples per class m.")
    static final class GroupsAndSamples implements Runnable {

        @Mixin
        Shared shared;

        @Option(names = "--samples", split = ",", defaultValue = "150,250,450,650", paramLabel = "M[,M...]")
        List<Integer> samples;

        @Option(names = "--fixed-samples", defaultValue = "250", paramLabel = "M",
                description = "m while G varies (default: ${DEFAULT-VALUE}, as the paper).")
        int fixedSamples;

        @Option(names = "--fixed-groups", defaultValue = "20", paramLabel = "G",
                description = "G while m varies (default: ${DEFAULT-VALUE}, as the paper).")
        int fixedGroups;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            Path from = shared.run();
            try (RunLock lock = RunDirectoryLock.take(spec, shared.out);
                    Executor executor = shared.pipeline.open(shared.common)) {
                shared.study(from, spec, executor).groupsAndSamples(shared.groups, fixedSamples, samples, fixedGroups);
            }
            spec.commandLine().getOut().printf("tables and plots: %s/study-groups.{md,png}, study-samples.{md,png}%n",
                    shared.out);
        }
    }

    @Command(name = "gamma", mixinStandardHelpOptions = true,
            description = "Fig. A-1: the most pruned point against G for each variant of the per-layer cap gamma.")
    static final class Gamma implements Runnable {

        @Mixin
        Shared shared;

        @Option(names = "--samples", defaultValue = "250", paramLabel = "M")
        int samples;

        @Option(names = "--gamma", split = ";", paramLabel = "SPEC",
                defaultValue = "none;constant:0.8;linear:0.5:0.01;quadratic:0.5:0:0.0002",
                description = "Cap variants: none, constant:V, linear:V:SLOPE (V + SLOPE*G), "
                        + "quadratic:V:SLOPE:CURV (default: ${DEFAULT-VALUE}).")
        List<String> gammas;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            Path from = shared.run();
            try (RunLock lock = RunDirectoryLock.take(spec, shared.out);
                    Executor executor = shared.pipeline.open(shared.common)) {
                shared.study(from, spec, executor).gamma(shared.groups, samples,
                        gammas.stream().map(org.mint4j.prune.Gamma::parse).toList());
            }
            spec.commandLine().getOut().printf("table and plot: %s/study-gamma.{md,png}%n", shared.out);
        }
    }
}
