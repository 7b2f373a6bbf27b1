package org.mint4j.cli;

import org.mint4j.run.RunDirectory;
import org.mint4j.exec.Executor;
import org.mint4j.run.SeedResults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.run.PruningPipeline;
import org.mint4j.run.ResultTables;
import org.mint4j.util.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint demo}: MINT end to end on the MNIST MLP, reduced to a few minutes. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "MINT on the MNIST MLP, reduced (recipe mnist-mlp-demo): train, score with MINT, random and "
                + "magnitude, retrain each at three sparsities, print the table. A few minutes on 2 cores.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/demo-<time>).")
    Path out;

    @Mixin
    CommonOptions common;

    @Mixin
    PipelineOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Recipe recipe = Recipes.load("mnist-mlp-demo");
        Path dir = out != null ? out : TrainCommand.defaultRunDirectory("demo");
        PrintWriter printer = spec.commandLine().getOut();
        SeedResults results;
        try (RunLock lock = RunDirectoryLock.take(spec, dir); Executor executor = options.open(common)) {
            results = new PruningPipeline(options.context(recipe, RunDirectory.at(dir), common, executor, printer))
                    .run(TrainCommand.commandLine(spec));
        }
        printer.println();
        printer.print(ResultTables.seedTable(results));
        printer.printf("%nEverything is in %s (results.md, results.json, scores/, retrain/).%n", dir);
        return 0;
    }
}
