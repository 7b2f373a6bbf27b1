package org.mint4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.run.TrainingJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint demo}: a short MNIST MLP run that shows what mint4j does. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A short MNIST MLP run (a few minutes on 2 cores) that prints what it did and its accuracy.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N", description = "Training epochs (default 3).")
    int epochs;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/demo-<time>).")
    Path out;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Recipe recipe = TrainCommand.applyOverrides(Recipes.load("mnist-mlp"), epochs, null);
        Path dir = out != null ? out : TrainCommand.defaultRunDirectory("demo");
        TrainingJob.run(recipe, common.dataDirectory(), dir, common.threads, false, TrainCommand.commandLine(spec),
                spec.commandLine().getOut());
        return 0;
    }
}
