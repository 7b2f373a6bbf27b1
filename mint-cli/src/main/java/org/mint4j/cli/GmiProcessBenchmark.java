package org.mint4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A whole {@code ./mint gmi} process (launcher, JVM start, reading the CSV files, the estimate,
 * printing) against a whole process of the NumPy reference ({@code scripts/gmi_reference.py}) on
 * the same files, taken in turns so that both see the same machine, in ABBA order so that each
 * follows itself as often as the other; both must give the same R.
 */
final class GmiProcessBenchmark {

    /** The launcher passes its own path, so that the benchmark runs {@code mint} as a user does. */
    static final String LAUNCHER_PROPERTY = "mint.launcher";

    private final PrintStream out;
    private final Path launcher;
    private final String python;

    GmiProcessBenchmark(PrintStream out, String python) {
        String path = System.getProperty(LAUNCHER_PROPERTY);
        if (path == null) {
            throw new IllegalArgumentException("mint benchmark gmi-process times the ./mint launcher: run it as "
                    + "./mint benchmark gmi-process");
        }
        this.out = out;
        this.launcher = Path.of(path);
        this.python = python;
    }

    void run(Path x, Path y, Path z, int runs, int threads) throws IOException, InterruptedException {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs = " + runs + " is not allowed; expected at least 1");
        }
        Path script = launcher.resolveSibling("scripts").resolve("gmi_reference.py");
        List<String> mint = new ArrayList<>(List.of(launcher.toString(), "gmi", x.toString(), y.toString(),
                z.toString()));
        if (threads > 0) {
            mint.addAll(List.of("--threads", String.valueOf(threads)));
        }
        List<String> numpy = List.of(python, script.toString(), x.toString(), y.toString(), z.toString());
        out.printf("whole-process benchmark: %s and %s, %d runs each, in turns (ABBA), after one untimed run each%n",
                String.join(" ", mint), String.join(" ", numpy), runs);
        JsonNode mintResult = run(mint).json();
        JsonNode numpyResult = run(numpy).json();
        if (mintResult.get("R").asInt() != numpyResult.get("R").asInt()) {
            throw new IllegalArgumentException("mint gmi gave R = " + mintResult.get("R")
                    + ", the NumPy reference R = " + numpyResult.get("R") + ": the two estimators disagree");
        }
        double[] mintSeconds = new double[runs];
        double[] numpySeconds = new double[runs];
        // mint, NumPy, NumPy, mint, ...: each follows itself as often as the other, since a process
        // right after NumPy's runs slower (docs/benchmarks.md, session 17).
        for (int i = 0; i < runs; i++) {
            if (i % 2 == 0) {
                mintSeconds[i] = run(mint).seconds();
                numpySeconds[i] = run(numpy).seconds();
            } else {
                numpySeconds[i] = run(numpy).seconds();
                mintSeconds[i] = run(mint).seconds();
            }
        }
        out.printf("n %d, dx %d, dy %d, dz %d: R = %d from both (NumPy %s)%n", mintResult.get("n").asInt(),
                mintResult.get("dx").asInt(), mintResult.get("dy").asInt(), mintResult.get("dz").asInt(),
                mintResult.get("R").asInt(), numpyResult.get("numpy").asText());
        double mintMedian = report("mint gmi", mintSeconds);
        double numpyMedian = report("NumPy reference", numpySeconds);
        out.printf("mint gmi takes %.2fx the NumPy reference's wall time (median against median)%n",
                mintMedian / numpyMedian);
    }

    private double report(String name, double[] seconds) {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        out.printf("%-16s %.3f s median (min %.3f, max %.3f) per whole process%n", name, median, sorted[0],
                sorted[sorted.length - 1]);
        return median;
    }

    private record Finished(JsonNode json, double seconds) {
    }

    /** Runs the command to its end: the JSON it printed and its wall time. */
    private static Finished run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("gmi-process", ".json");
        try {
            long start = System.nanoTime();
            Process p;
            try {
                p = new ProcessBuilder(command).redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot run " + command.get(0)
                        + " (for the NumPy reference, --python names a Python with NumPy)", e);
            }
            int exit = p.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (exit != 0) {
                throw new IllegalArgumentException(String.join(" ", command) + " exited with " + exit
                        + " (its error output is above)");
            }
            return new Finished(new ObjectMapper().readTree(Files.readString(output).strip()), seconds);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
