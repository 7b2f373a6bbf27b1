package org.mint4j.cli;

import org.mint4j.train.EngineSetup;
import org.mint4j.train.Evaluation;
import ai.djl.ndarray.NDManager;
import org.mint4j.run.RunDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mint4j.run.TrainingJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint eval}: test accuracy of a run's best weights. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Measure a run's best weights on the test set.")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run directory made by mint train.")
    Path run;

    @Mixin
    SeedOption seeds;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        run = seeds.one(run);
        EngineSetup.configure(common.threads());
        RunDirectory dir = RunDirectory.at(run);
        double accuracy;
        try (NDManager manager = NDManager.newBaseManager()) {
            accuracy = Evaluation.accuracy(dir.loadBaseline(manager), dir.readRecipe().open(common.dataDirectory(),
                    false), manager);
        }
        spec.commandLine().getOut().printf("test accuracy %.2f%% (%s)%n", 100 * accuracy, dir.best());
        return 0;
    }
}
