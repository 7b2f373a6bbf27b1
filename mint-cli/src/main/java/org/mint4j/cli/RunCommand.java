package org.mint4j.cli;

import org.mint4j.run.RunDirectory;
import org.mint4j.exec.Executor;
import org.mint4j.run.SeedResults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.util.Json;
import org.mint4j.run.PruningPipeline;
import org.mint4j.run.ResultTables;
import org.mint4j.util.AtomicFiles;
import org.mint4j.util.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint run}: MINT end to end for one or more seeds. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train, score (MINT and the baselines), plan masks, retrain and measure, for each seed. "
                + "Rerun the same command to continue a killed run.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--recipe", required = true, paramLabel = "NAME|FILE")
    String recipe;

    @Option(names = "--seeds", split = ",", paramLabel = "S[,S...]",
            description = "Seeds, each a full run in DIR/seed-S (default: the recipe's seed).")
    List<Long> seeds;

    @Option(names = "--epochs", paramLabel = "N", description = "Override the training epochs.")
    Integer epochs;

    @Option(names = "--retrain-epochs", paramLabel = "N", description = "Override the retraining epochs.")
    Integer retrainEpochs;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<recipe>-<time>).")
    Path out;

    @Mixin
    QuickRunOptions quick;

    @Mixin
    CommonOptions common;

    @Mixin
    PipelineOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Recipe base = quick.apply(TrainCommand.applyOverrides(Recipes.load(recipe), epochs, null));
        if (retrainEpochs != null && base.mint() != null) {
            base = base.withPruning(base.mint().withRetrainEpochs(retrainEpochs));
            Recipes.validate(base, "given on the command line");
        }
        Path dir = out != null ? out : TrainCommand.defaultRunDirectory(base.name());
        PrintWriter printer = spec.commandLine().getOut();
        List<Long> runSeeds = seeds == null || seeds.isEmpty() ? List.of(base.seed()) : seeds;
        List<SeedResults> all = new ArrayList<>();
        RunDirectory run = RunDirectory.at(dir);
        try (RunLock lock = RunDirectoryLock.take(spec, dir); Executor executor = options.open(common)) {
            for (long seed : runSeeds) {
                RunDirectory seedDir = run.seed(seed);
                printer.printf("== seed %d: %s%n", seed, seedDir.root());
                all.add(new PruningPipeline(options.context(base.withSeed(seed), seedDir, common, executor, printer))
                        .run(TrainCommand.commandLine(spec)));
                printer.println();
                printer.print(ResultTables.seedTable(all.get(all.size() - 1)));
            }
            if (all.size() > 1) {
                String summary = ResultTables.summaryTable(all);
                AtomicFiles.writeString(run.summaryTable(), summary);
                Json.write(run.summary(), all);
                printer.println();
                printer.print(summary);
            }
        }
        return 0;
    }
}
