package org.mint4j.cli;

import java.nio.file.Files;
import org.mint4j.run.RunDirectory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.run.TrainingJob;
import org.mint4j.util.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint train}: trains a recipe's network. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a recipe's network, keeping the best weights, a checkpoint per epoch and a log.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--recipe", required = true, paramLabel = "NAME|FILE",
            description = "A built-in recipe (mnist-mlp) or a YAML file.")
    String recipe;

    @Option(names = "--epochs", paramLabel = "N", description = "Override the recipe's number of epochs.")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Override the recipe's seed.")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<recipe>-<time>).")
    Path out;

    @Option(names = "--resume", description = "Continue the interrupted run in --out from its last checkpoint.")
    boolean resume;

    @Mixin
    QuickRunOptions quick;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (resume && out == null) {
            throw new IllegalArgumentException("--resume needs --out DIR, the run directory to continue");
        }
        Recipe r = quick.apply(applyOverrides(Recipes.load(recipe), epochs, seed));
        Path dir = out != null ? out : defaultRunDirectory(r.name());
        RunDirectory run = RunDirectory.at(dir);
        if (!resume && Files.exists(run.baseline())) {
            throw new IllegalArgumentException(dir + " already holds a run; pass --resume to continue it or choose "
                    + "another --out");
        }
        try (RunLock lock = RunDirectoryLock.take(spec, dir)) {
            TrainingJob.run(r, common.dataDirectory(), run, common.threads(), false, commandLine(spec),
                    spec.commandLine().getOut());
        }
        return 0;
    }

    static Recipe applyOverrides(Recipe r, Integer epochs, Long seed) {
        Recipe out = r;
        if (epochs != null) {
            out = out.withEpochs(epochs);
        }
        if (seed != null) {
            out = out.withSeed(seed);
        }
        Recipes.validate(out, "given on the command line");
        return out;
    }

    static Path defaultRunDirectory(String name) {
        return Paths.get("runs", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    static List<String> commandLine(CommandSpec spec) {
        List<String> args = new ArrayList<>();
        args.add("mint");
        args.addAll(spec.commandLine().getParseResult().originalArgs());
        return args;
    }
}
