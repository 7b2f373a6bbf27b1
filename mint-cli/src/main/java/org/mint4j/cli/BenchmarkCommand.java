package org.mint4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.mint4j.gmi.Matrix;
import org.mint4j.gmi.bench.EstimatorBenchmark;
import org.mint4j.gmi.bench.PowerStudy;
import java.util.List;
import java.util.Map;
import org.mint4j.deploy.LatencyRuns;
import org.mint4j.onnx.ChannelLatencyBenchmark;
import org.mint4j.prune.Criteria;
import org.mint4j.prune.Criterion;
import org.mint4j.run.StepBenchmark;
import org.mint4j.train.EngineSetup;
import org.mint4j.run.TrainingBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mint benchmark}: speed figures with their baselines, measured in the same run. */
@Command(name = "benchmark", mixinStandardHelpOptions = true, description = "Measure speed (see docs/benchmarks.md).")
final class BenchmarkCommand {

    @Command(name = "estimator", mixinStandardHelpOptions = true,
            description = "The GMI estimator at the MNIST-MLP shapes, against a textbook implementation.")
    int estimator(@Option(names = "--threads", defaultValue = "2") int threads,
            @Option(names = "--parent-groups", defaultValue = "20",
                    description = "fc1 groups scored for part (b).") int parentGroups,
            @Option(names = "--seed", defaultValue = "1") long seed,
            @Option(names = "--write-input", paramLabel = "DIR",
                    description = "Only write part (a)'s input to DIR as X.csv, Y.csv and Z.csv, "
                            + "to time `mint gmi` on it.") Path inputDirectory,
            @Option(names = "--against", paramLabel = "JAR",
                    description = "The mint-gmi jar of an earlier build (scripts/gmi-jar-at.sh COMMIT makes "
                            + "one): this build's benchmark and then that one's run in fresh JVMs, same threads, "
                            + "groups and seed 1.") Path againstJar)
            throws IOException, InterruptedException {
        if (inputDirectory != null) {
            writeInput(inputDirectory, seed);
            return 0;
        }
        if (againstJar != null && (!Files.isRegularFile(againstJar) || seed != 1)) {
            throw new IllegalArgumentException(!Files.isRegularFile(againstJar)
                    ? "--against " + againstJar + ": no such jar; build one with scripts/gmi-jar-at.sh COMMIT"
                    : "--against runs the earlier build on seed 1 (its benchmark has no seed option); got --seed "
                            + seed);
        }
        PrintStream out = new PrintStream(System.out, true);
        if (againstJar == null) {
            new EstimatorBenchmark(out, threads, seed).run(parentGroups);
            return 0;
        }
        // Both builds in fresh JVMs that hold nothing but the estimator, so that neither runs
        // beside the other's compiled code or this command's classes.
        Path thisJar;
        try {
            thisJar = Path.of(EstimatorBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (Path jar : List.of(thisJar, againstJar)) {
            out.println((jar.equals(thisJar) ? "this build, " : "\nthe earlier build, ") + jar + ":");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", jar.toString(),
                    EstimatorBenchmark.class.getName(), Integer.toString(threads), Integer.toString(parentGroups))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (p.waitFor() != 0) {
                throw new IllegalArgumentException("the benchmark of " + jar + " failed (exit " + p.exitValue() + ")");
            }
        }
        return 0;
    }

    @Command(name = "gmi-process", mixinStandardHelpOptions = true,
            description = "Whole processes: ./mint gmi against the NumPy reference (scripts/gmi_reference.py) "
                    + "on the same CSV files, in turns.")
    int gmiProcess(@Option(names = "--input", paramLabel = "DIR",
            description = "A directory with X.csv, Y.csv and Z.csv; where it has none, estimator part (a)'s "
                    + "input is written there first (default: to a temporary directory, deleted after).") Path input,
            @Option(names = "--runs", defaultValue = "5") int runs,
            @Option(names = "--threads", defaultValue = "0",
                    description = "mint gmi's threads (default: all cores).") int threads,
            @Option(names = "--python", defaultValue = "python3",
                    description = "The Python with NumPy that runs the reference.") String python)
            throws IOException, InterruptedException {
        Path dir = input != null ? input : Files.createTempDirectory("gmi-process");
        try {
            if (input == null || !Files.exists(dir.resolve("Z.csv"))) {
                Files.createDirectories(dir);
                writeInput(dir, 1);
            }
            new GmiProcessBenchmark(new PrintStream(System.out, true), python).run(dir.resolve("X.csv"),
                    dir.resolve("Y.csv"), dir.resolve("Z.csv"), runs, threads);
        } finally {
            if (input == null) {
                for (String f : List.of("X.csv", "Y.csv", "Z.csv")) {
                    Files.deleteIfExists(dir.resolve(f));
                }
                Files.deleteIfExists(dir);
            }
        }
        return 0;
    }

    private static void writeInput(Path dir, long seed) throws IOException {
        Matrix[] xyz = EstimatorBenchmark.oneEstimateInput(new Random(seed));
        Files.createDirectories(dir);
        MatrixCsv.write(dir.resolve("X.csv"), xyz[0]);
        MatrixCsv.write(dir.resolve("Y.csv"), xyz[1]);
        MatrixCsv.write(dir.resolve("Z.csv"), xyz[2]);
    }

    @Command(name = "power", mixinStandardHelpOptions = true,
            description = "Does the estimator separate dependence from conditional independence as dz grows? "
                    + "Paper's estimator, standardised columns, and conditioning on 8 principal components of Z.")
    int power(@Option(names = "--n", split = ",", defaultValue = "600,1500") int[] ns,
            @Option(names = "--dz", split = ",", defaultValue = "8,64,498") int[] dzs,
            @Option(names = "--seeds", defaultValue = "5") int seeds) {
        new PowerStudy(new PrintStream(System.out, true)).run(ns, dzs, seeds);
        return 0;
    }

    @Command(name = "steps", mixinStandardHelpOptions = true,
            description = "Seconds per training step of conv nets on CIFAR-shaped inputs.")
    int steps(@Option(names = "--models", split = ",", defaultValue = "resnet56,vgg16bn",
            description = "Built-in architectures, or ONNX files (FILE.onnx) to import.") List<String> models,
            @Option(names = "--batch", defaultValue = "128") int batch,
            @Option(names = "--steps", defaultValue = "5") int steps,
            @Option(names = "--threads", defaultValue = "2") int threads) {
        StepBenchmark.run(models, batch, steps, threads, new java.io.PrintWriter(System.out, true));
        return 0;
    }

    @Command(name = "channel-latency", mixinStandardHelpOptions = true,
            description = "An imported model's compacted exports at one MACs target, planned with each rounding of "
                    + "the kept widths, timed in ONNX Runtime beside the original (no retraining: latency does not "
                    + "depend on the weights).")
    int channelLatency(@Option(names = "--model", required = true, paramLabel = "FILE.onnx") Path model,
            @Option(names = "--target", defaultValue = "0.5",
                    description = "Fraction of the MACs removed (default: 0.5).") double target,
            @Option(names = "--round-to", split = ",", defaultValue = "1,8,16",
                    description = "Kept widths rounded to these multiples, one plan each (default: 1,8,16).")
            List<Integer> roundings,
            @Option(names = "--steps", defaultValue = "1",
                    description = "The plan's steps, as the recipe's mint.steps (default: 1, one global order).")
            int planSteps,
            @Option(names = "--criterion", defaultValue = "l1",
                    description = "A weight-only channel criterion: l1, l2, slimming, random.") String criterion,
            @Option(names = "--also", split = ",", paramLabel = "FILE.onnx",
                    description = "More ONNX files to time in the same run, e.g. another tool's pruned models.")
            List<Path> others,
            @Option(names = "--skip", split = ",", paramLabel = "FAMILY",
                    description = "Channel families left whole, as the recipe's mint.skip (mint info --model lists "
                            + "them).") List<String> skip,
            @Option(names = "--runs", defaultValue = "50",
                    description = "Timed runs per model and batch size, after 10 warm-up runs (default: 50).") int runs,
            @Option(names = "--threads", defaultValue = "2",
                    description = "ONNX Runtime's intra-op threads and the engine's (default: 2).") int threads) {
        if (!(target > 0 && target < 1) || roundings.stream().anyMatch(r -> r < 1) || planSteps < 1 || runs < 1
                || threads < 1) {
            throw new IllegalArgumentException("--target must be in (0, 1), each --round-to, --steps, --runs and "
                    + "--threads at least 1; got " + target + ", " + roundings + ", " + planSteps + ", " + runs + ", "
                    + threads);
        }
        EngineSetup.configure(threads);
        ChannelLatencyBenchmark.run(model, Criteria.createChannel(criterion, new Criterion.Context(1, Map.of())),
                target, roundings, planSteps, skip == null ? List.of() : skip, others == null ? List.of() : others,
                threads, new LatencyRuns(10, runs),
                new java.io.PrintWriter(System.out, true));
        return 0;
    }

    @Command(name = "training", mixinStandardHelpOptions = true,
            description = "MNIST MLP: seconds per training epoch and test-set inference time.")
    int training(@Mixin CommonOptions common, @Option(names = "--epochs", defaultValue = "3") int epochs) {
        TrainingBenchmark.run(common.dataDirectory(), common.threads > 0 ? common.threads : 2, epochs,
                new java.io.PrintWriter(System.out, true));
        return 0;
    }
}
