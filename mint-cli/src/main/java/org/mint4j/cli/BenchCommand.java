package org.mint4j.cli;

import org.mint4j.run.RunDirectory;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mint4j.deploy.Compaction;
import org.mint4j.deploy.LatencyRuns;
import org.mint4j.deploy.ModelBench;
import org.mint4j.nn.CompactableNetwork;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.onnx.OnnxExport;
import org.mint4j.onnx.OnnxModel;
import org.mint4j.onnx.BuiltInOnnx;
import org.mint4j.onnx.OnnxNetwork;
import org.mint4j.onnx.RuntimeBench;
import org.mint4j.run.TrainingJob;
import org.mint4j.train.EngineSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint bench}: the accounting table of a pruned run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Parameters zeroed and removed, dense/CSR bytes, MACs and latency (batch 1 and 64) of the "
                + "original, masked and compacted networks of a pruned run; for an imported model, and the built-in "
                + "networks written as ONNX, also their ONNX exports' latency in ONNX Runtime.")
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path run;

    @Mixin
    SeedOption seeds;

    @Mixin
    PointOption point;

    @Mixin
    CommonOptions common;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "50",
            description = "Timed runs per latency, after 10 warm-up runs; the median is reported (default: 50).")
    int runs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (runs < 1) {
            throw new ParameterException(spec.commandLine(), "--runs " + runs
                    + " is not allowed; expected at least 1 timed run");
        }
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
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Path> exports = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            PointOption.Selected selected = point.select(RunDirectory.at(seedRun), manager);
            Map<String, PrunableNetwork> nets = new LinkedHashMap<>();
            PrunableNetwork original = RunDirectory.at(seedRun).loadBaseline(manager);
            nets.put("original", original);
            nets.put("masked " + selected.name(), selected.network());
            Path scratch = null;
            if (selected.network() instanceof CompactableNetwork c) {
                nets.put("compacted", Compaction.compact(c, manager));
            }
            if (BuiltInOnnx.supports(selected.network())) {
                scratch = Files.createTempDirectory("mint-bench");
                exports.put("original", scratch.resolve("original.onnx"));
                exports.put("masked " + selected.name(), scratch.resolve("masked.onnx"));
                exports.put("compacted", scratch.resolve("compacted.onnx"));
                OnnxExport.baseline(BuiltInOnnx.of(original, manager), exports.get("original"));
                OnnxNetwork onnx = BuiltInOnnx.of(selected.network(), manager);
                OnnxExport.masked(onnx, selected.masks(), exports.get("masked " + selected.name()));
                OnnxExport.compacted(onnx, selected.masks(), exports.get("compacted"));
                if (!nets.containsKey("compacted")) {
                    OnnxNetwork compacted = new OnnxNetwork(OnnxModel.load(exports.get("compacted")));
                    compacted.initialize(manager, 0);
                    nets.put("compacted", compacted);
                }
            }
            LatencyRuns latency = new LatencyRuns(10, runs);
            out.printf("%s, %d threads; latency: %s%n", EngineSetup.describe(), threads, latency.describe());
            out.println("\nIn mint4j's engine (DJL, PyTorch):\n");
            ModelBench.compare(out, nets, latency, manager);
            if (scratch == null) {
                out.println("\nONNX Runtime: " + BuiltInOnnx.notWritten(original) + ".");
                return;
            }
            out.printf("%nIn ONNX Runtime %s (the exports mint export --format onnx writes), %d intra-op threads:%n%n",
                    ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion(), threads);
            RuntimeBench.print(out, RuntimeBench.measure(exports, threads, latency, manager));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteScratch(exports);
        }
    }

    /** The temporary exports and their directory, whatever happened. */
    private static void deleteScratch(Map<String, Path> exports) {
        try {
            for (Path file : exports.values()) {
                Files.deleteIfExists(file);
            }
            if (!exports.isEmpty()) {
                Files.deleteIfExists(exports.values().iterator().next().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
