package org.mint4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mint4j.gmi.BackgroundWarmUp;
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
        ConditionalGmi gmi = ConditionalGmi.builder().optStandardize(standardize).optZComponents(zComponents)
                .optThreads(workers).build();
        long readStart = System.nanoTime();
        Matrix mx = MatrixCsv.read(x, workers);
        Matrix my = MatrixCsv.read(y, workers);
        Matrix mz;
        // Z is the large file: the JIT compiles the estimator on a spare thread while it is read.
        int whileReadingRounds;
        try (BackgroundWarmUp whileReading = gmi.warmUpInBackground(mx.cols(), my.cols())) {
            mz = MatrixCsv.read(z, workers);
            whileReading.close();
            whileReadingRounds = whileReading.rounds();
        }
        double readMillis = (System.nanoTime() - readStart) / 1e6;
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
        // The streaming generator: databind's ObjectMapper would cost this command a quarter of a second to load.
        StringWriter json = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(json)) {
            g.writeStartObject();
            g.writeNumberField("R", r.r());
            g.writeNumberField("m", r.m());
            g.writeNumberField("k", r.k());
            g.writeNumberField("estimate", r.estimate());
            g.writeNumberField("mst_weight", r.mstWeight());
            g.writeNumberField("millis", millis);
            g.writeBooleanField("warmed", warm);
            g.writeNumberField("warmup_millis", warmUpMillis);
            g.writeNumberField("read_millis", readMillis);
            g.writeNumberField("warm_up_rounds_while_reading", whileReadingRounds);
            g.writeNumberField("n", mx.rows());
            g.writeNumberField("dx", mx.cols());
            g.writeNumberField("dy", my.cols());
            g.writeNumberField("dz", mz.cols());
            g.writeBooleanField("standardize", standardize);
            g.writeNumberField("z_components", zComponents);
            g.writeEndObject();
        }
        spec.commandLine().getOut().println(json);
        return 0;
    }
}
