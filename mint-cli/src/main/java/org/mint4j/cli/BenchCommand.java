package org.mint4j.cli;

import org.mint4j.run.RunDirectory;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mint4j.deploy.Compaction;
import org.mint4j.deploy.ModelBench;
import org.mint4j.nn.CompactableNetwork;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.run.TrainingJob;
import org.mint4j.train.EngineSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint bench}: the accounting table of a pruned run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Parameters zeroed and removed, dense/CSR bytes, MACs and latency (batch 1 and 64) of the "
                + "original, masked and compacted networks of a pruned run.")
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path run;

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
        int threads = common.threads();
        EngineSetup.configure(threads);
        List<Path> runs = seeds.each(run);
        for (Path seedRun : runs) {
            if (runs.size() > 1) {
                spec.commandLine().getOut().printf("== %s%n", seedRun);
            }
            bench(seedRun, threads);
        }
        return 0;
    }

    private void bench(Path seedRun, int threads) {
        try (NDManager manager = NDManager.newBaseManager()) {
            PointOption.Selected selected = point.select(RunDirectory.at(seedRun), manager);
            Map<String, PrunableNetwork> nets = new LinkedHashMap<>();
            nets.put("original", RunDirectory.at(seedRun).loadBaseline(manager));
            nets.put("masked " + selected.name(), selected.network());
            if (selected.network() instanceof CompactableNetwork c) {
                nets.put("compacted", Compaction.compact(c, manager));
            }
            spec.commandLine().getOut().printf("%s, %d threads; latency: median of 50 runs after 10 warm-up%n",
                    EngineSetup.describe(), threads);
            ModelBench.compare(spec.commandLine().getOut(), nets, manager);
        }
    }
}
