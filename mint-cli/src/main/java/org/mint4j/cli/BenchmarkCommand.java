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
import org.mint4j.run.StepBenchmark;
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
                            + "to time `mint gmi` on it.") Path inputDirectory) throws IOException {
        if (inputDirectory != null) {
            Matrix[] xyz = EstimatorBenchmark.oneEstimateInput(new Random(seed));
            Files.createDirectories(inputDirectory);
            MatrixCsv.write(inputDirectory.resolve("X.csv"), xyz[0]);
            MatrixCsv.write(inputDirectory.resolve("Y.csv"), xyz[1]);
            MatrixCsv.write(inputDirectory.resolve("Z.csv"), xyz[2]);
            return 0;
        }
        new EstimatorBenchmark(new PrintStream(System.out, true), threads, seed).run(parentGroups);
        return 0;
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

    @Command(name = "training", mixinStandardHelpOptions = true,
            description = "MNIST MLP: seconds per training epoch and test-set inference time.")
    int training(@Mixin CommonOptions common, @Option(names = "--epochs", defaultValue = "3") int epochs) {
        TrainingBenchmark.run(common.dataDirectory(), common.threads > 0 ? common.threads : 2, epochs,
                new java.io.PrintWriter(System.out, true));
        return 0;
    }
}
