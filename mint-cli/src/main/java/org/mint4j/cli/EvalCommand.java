package org.mint4j.cli;

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
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        double accuracy = TrainingJob.evaluate(run, common.dataDirectory(), common.threads);
        spec.commandLine().getOut().printf("test accuracy %.2f%% (%s)%n", 100 * accuracy,
                run.resolve(org.mint4j.train.TrainingLoop.BEST));
        return 0;
    }
}
