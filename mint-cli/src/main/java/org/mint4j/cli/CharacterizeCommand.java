package org.mint4j.cli;

import org.mint4j.run.RunDirectory;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mint4j.characterize.CharacterizationJob;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.run.TrainingJob;
import org.mint4j.train.EngineSetup;
import org.mint4j.util.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint characterize}: calibration and robustness, original beside pruned. */
@Command(name = "characterize", mixinStandardHelpOptions = true,
        description = "Expected calibration error (15 bins) with a reliability plot, and accuracy under iterative "
                + "FGSM and least-likely attacks (Kurakin et al.; step 1/255) against epsilon, for the original and "
                + "a pruned network. Writes RUN_DIR/characterize/<point>/.")
final class CharacterizeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path run;

    @Option(names = "--epsilons", split = ",", defaultValue = "0,0.02,0.05,0.1,0.2",
            description = "l-inf radii in pixel units [0, 1] (default: ${DEFAULT-VALUE}).")
    double[] epsilons;

    @Option(names = "--attacked", defaultValue = "1000", description = "Test images attacked (default 1000).")
    int attacked;

    @Mixin
    SeedOption seeds;

    @Mixin
    PointOption point;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        run = seeds.one(run);
        EngineSetup.configure(common.threads());
        RunDirectory.at(run).readRecipe(); // refuses a directory that is not a run before the lock would create it
        try (RunLock lock = RunDirectoryLock.take(spec, run); NDManager manager = NDManager.newBaseManager()) {
            PointOption.Selected selected = point.select(RunDirectory.at(run), manager);
            Map<String, PrunableNetwork> nets = new LinkedHashMap<>();
            nets.put("original", RunDirectory.at(run).loadBaseline(manager));
            nets.put("pruned " + selected.name(), selected.network());
            Path out = RunDirectory.at(run).characterization().resolve(selected.name());
            CharacterizationJob.run(nets, selected.recipe().open(common.dataDirectory(), false), epsilons,
                    attacked, out, manager, spec.commandLine().getOut());
            spec.commandLine().getOut().printf("written to %s (characterize.json, reliability.png, attacks.png)%n", out);
        }
        return 0;
    }
}
