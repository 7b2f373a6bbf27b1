package org.mint4j.deploy;

import java.util.Arrays;

/**
 * How a latency is measured: {@code warmUp} untimed runs, then the median of {@code runs} timed
 * ones. The same for mint4j's engine and for ONNX Runtime, so their figures compare.
 */
public record LatencyRuns(int warmUp, int runs) {

    /** 10 warm-up runs, the median of 50. */
    public static final LatencyRuns DEFAULT = new LatencyRuns(10, 50);

    public LatencyRuns {
        if (warmUp < 0 || runs < 1) {
            throw new IllegalArgumentException("latency needs at least one timed run and no negative warm-up, got "
                    + warmUp + " and " + runs);
        }
    }

    /** Median milliseconds of {@code inference}. */
    public double medianMillis(Runnable inference) {
        double[] ms = new double[runs];
        for (int r = -warmUp; r < runs; r++) {
            long t0 = System.nanoTime();
            inference.run();
            if (r >= 0) {
                ms[r] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    /** A batch of {@code batch} samples of this shape, seeded standard-normal: the input every latency times. */
    public static float[] input(long[] sample, int batch) {
        long n = batch;
        for (long d : sample) {
            n *= d;
        }
        float[] values = new float[Math.toIntExact(n)];
        java.util.Random rng = new java.util.Random(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rng.nextGaussian();
        }
        return values;
    }

    public String describe() {
        return "median of " + runs + " runs after " + warmUp + " warm-up";
    }
}
