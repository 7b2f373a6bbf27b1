package org.mint4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mint4j.gmi.ConditionalGmi;
import org.mint4j.gmi.GmiResult;
import org.mint4j.gmi.Matrix;
import org.mint4j.gmi.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint gmi X.csv Y.csv Z.csv}: one conditional GMI estimate, as JSON. */
@Command(name = "gmi", mixinStandardHelpOptions = true,
        description = "Estimate I(X; Y | Z) with MINT's conditional geometric MI estimator and print JSON. "
                + "Rows are used in file order: shuffle them first if they are sorted.")
final class GmiCommand implements Callable<Integer> {

    /** At most this long is spent warming up, whatever the machine. */
    private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(3);

    @Parameters(index = "0", paramLabel = "X.csv", description = "n rows of X (no header).")
    Path x;

    @Parameters(index = "1", paramLabel = "Y.csv")
    Path y;

    @Parameters(index = "2", paramLabel = "Z.csv")
    Path z;

    @Option(names = "--standardize", description = "Scale every column to mean 0, standard deviation 1 first.")
    boolean standardize;

    @Option(names = "--z-components", paramLabel = "Q", defaultValue = "0",
            description = "Condition on the top Q principal components of Z instead of Z (default 0: off).")
    int zComponents;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Threads (default: all cores).")
    int threads;

    @Option(names = "--warm-up", description = "Before estimating on more than " + ConditionalGmi.WARM_UP_ROWS
            + " rows, warm the kernels up on a small random problem (at most 3 s), so that millis is the warm "
            + "kernels' time; the whole process takes longer.")
    boolean warmUp;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int workers = Parallel.threadsOrCores(threads);
        long readStart = System.nanoTime();
        Matrix mx = MatrixCsv.read(x, workers);
        Matrix my = MatrixCsv.read(y, workers);
        Matrix mz = MatrixCsv.read(z, workers);
        double readMillis = (System.nanoTime() - readStart) / 1e6;
        ConditionalGmi gmi = ConditionalGmi.builder().optStandardize(standardize).optZComponents(zComponents)
                .optThreads(workers).build();
        // Warming up pays only when the input is larger than the warm-up problem.
        boolean warm = warmUp && mx.rows() > ConditionalGmi.WARM_UP_ROWS;
        double warmUpMillis = 0;
        if (warm) {
            long warmUpStart = System.nanoTime();
            gmi.warmUp(mx.cols(), my.cols(), mz.cols(), WARM_UP_BUDGET);
            warmUpMillis = (System.nanoTime() - warmUpStart) / 1e6;
        }
        long start = System.nanoTime();
        GmiResult r = gmi.estimate(mx, my, mz);
        double millis = (System.nanoTime() - start) / 1e6;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("R", r.r());
        json.put("m", r.m());
        json.put("k", r.k());
        json.put("estimate", r.estimate());
        json.put("mst_weight", r.mstWeight());
        json.put("millis", millis);
        json.put("warmed", warm);
        json.put("warmup_millis", warmUpMillis);
        json.put("read_millis", readMillis);
        json.put("n", mx.rows());
        json.put("dx", mx.cols());
        json.put("dy", my.cols());
        json.put("dz", mz.cols());
        json.put("standardize", standardize);
        json.put("z_components", zComponents);
        spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(json));
        return 0;
    }
}
