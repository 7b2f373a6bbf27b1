package org.mint4j.gmi;

import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The conditional geometric mutual information estimator of MINT (Ganesh et al. 2020, Sec. III-A),
 * stated exactly in the project's NOTES: positional split into A, B and S1; nearest-neighbour
 * bootstrap of A from B in Z; Euclidean minimum spanning tree of S1 and the bootstrap set in the
 * full (X, Y, Z) space; estimate 1 - R (m + k) / (2 m k) from the Friedman-Rafsky count R.
 *
 * <p>Rows are used in the order given: shuffle them (seeded) beforehand if they are sorted. The
 * result is deterministic and independent of the thread count.
 */
public final class ConditionalGmi {

    /** Rows of the warm-up problem: enough for the kernels' loops to run at full length, in ~50 ms. */
    public static final int WARM_UP_ROWS = 1000;
    /**
     * Warm-up estimates: on the estimator benchmark's case (a), 3 left the next estimate ~2x slower
     * than warm, 10 did not.
     */
    private static final int WARM_UP_ROUNDS = 10;
    /**
     * The background warm-up's problem: measured on the estimator benchmark's case (a) as a whole
     * {@code mint gmi} process, 60 rows took the estimate from 1.8 to 1.5 s; 150 and 300 rows did less.
     */
    private static final int BACKGROUND_WARM_UP_ROWS = 60;
    private static final int BACKGROUND_WARM_UP_DZ = 64;

    private final EstimatorOptions options;

    private ConditionalGmi(EstimatorOptions options) {
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The paper's estimator with default options (all cores, no standardisation). */
    public static ConditionalGmi standard() {
        return builder().build();
    }

    /**
     * Estimates the dependence of X on Y given Z. Row r of each matrix is the same sample.
     *
     * @throws IllegalArgumentException on inconsistent shapes or non-finite values
     */
    public GmiResult estimate(Matrix x, Matrix y, Matrix z) {
        return trace(x, y, z).result();
    }

    /**
     * Runs this estimator on random data of {@link #WARM_UP_ROWS} rows with the given column counts,
     * a few times or until {@code budget} has passed, so that the JIT has compiled the vector
     * kernels for these shapes before a real estimate; a fresh JVM would otherwise run much of its
     * first estimate in the interpreter, 2 to 3 times slower.
     */
    public void warmUp(int dx, int dy, int dz, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        int[] rounds = {0};
        warmUpOn(WARM_UP_ROWS, dx, dy, dz, () -> rounds[0]++ < WARM_UP_ROUNDS && System.nanoTime() < deadline);
    }

    /**
     * Starts estimating tiny random problems with dx and dy columns on one background thread, until
     * the returned handle is closed: while a caller is busy with something else (reading its input),
     * the JIT compiles the kernels, so that the real estimate starts on compiled code. The problems
     * are small (one costs milliseconds once compiled) so that closing waits little.
     */
    public BackgroundWarmUp warmUpInBackground(int dx, int dy) {
        ConditionalGmi oneThread = new ConditionalGmi(new EstimatorOptions(1, options.standardize(),
                Math.min(options.zComponents(), BACKGROUND_WARM_UP_DZ)));
        return new BackgroundWarmUp(goOn -> oneThread.warmUpOn(BACKGROUND_WARM_UP_ROWS, dx, dy, BACKGROUND_WARM_UP_DZ,
                goOn));
    }

    private void warmUpOn(int rows, int dx, int dy, int dz, BooleanSupplier goOn) {
        Random rng = new Random(0);
        Matrix x = Matrix.gaussian(rng, rows, dx);
        Matrix y = Matrix.gaussian(rng, rows, dy);
        Matrix z = Matrix.gaussian(rng, rows, dz);
        while (goOn.getAsBoolean()) {
            estimate(x, y, z);
        }
    }

    /** The estimate together with the bootstrap's donor indices into half B. */
    Trace trace(Matrix x, Matrix y, Matrix z) {
        validate(x, y, z);
        int threads = options.threads();
        if (options.standardize()) {
            x = Standardization.apply(x);
            y = Standardization.apply(y);
            z = Standardization.apply(z);
        }
        if (options.zComponents() > 0) {
            z = new PrincipalComponents(z).project(allColumns(z), options.zComponents());
        }
        SampleSplit split = SampleSplit.of(x.rows());
        int[] pointRows = split.pointRows();
        double[] zAB = SquaredDistances.between(z, split.rowsA(), split.rowsB(), threads);
        int[] donors = NearestNeighbourBootstrap.donors(new DistanceRows(zAB, split.sizeB(),
                PointCoordinates.NONE, PointCoordinates.NONE, PointCoordinates.NONE, PointCoordinates.NONE),
                split.k());
        double[] zPoints = SquaredDistances.within(z, pointRows, threads);
        PointCoordinates xy = PointCoordinates.gather(new Matrix[] {x, y},
                new int[][] {allColumns(x), allColumns(y)}, new int[][] {pointRows, split.yRows(donors)});
        DistanceRows zDistances = new DistanceRows(zPoints, split.points(), PointCoordinates.NONE,
                PointCoordinates.NONE, PointCoordinates.NONE, PointCoordinates.NONE);
        float[] zBounds = new float[zPoints.length];
        float[] zBlockMinima = BoundedDistanceRows.blockMinimaFor(split.points());
        zDistances.fillLowerBounds(zBounds, zBlockMinima, threads);
        GmiResult result = new FriedmanRafsky(split.points()).count(
                new BoundedDistanceRows(zBounds, zBlockMinima, zDistances, xy), split.m());
        return new Trace(result, donors);
    }

    record Trace(GmiResult result, int[] donors) {
    }

    static void validate(Matrix x, Matrix y, Matrix z) {
        if (x.rows() != y.rows() || x.rows() != z.rows()) {
            throw new IllegalArgumentException("X, Y and Z must have the same number of rows; got "
                    + x.rows() + ", " + y.rows() + " and " + z.rows());
        }
        SampleSplit.of(x.rows());
        requireColumns("X", x);
        requireColumns("Y", y);
        requireColumns("Z", z);
        x.requireFinite("X");
        y.requireFinite("Y");
        z.requireFinite("Z");
    }

    static void requireColumns(String name, Matrix m) {
        if (m.cols() == 0) {
            throw new IllegalArgumentException(name + " has no columns; expected at least one");
        }
    }

    static int[] allColumns(Matrix m) {
        int[] cols = new int[m.cols()];
        for (int c = 0; c < cols.length; c++) {
            cols[c] = c;
        }
        return cols;
    }

    /** Options of the estimator. */
    public static final class Builder extends EstimatorBuilder<Builder> {

        private Builder() {
        }

        public ConditionalGmi build() {
            return new ConditionalGmi(options());
        }
    }
}
