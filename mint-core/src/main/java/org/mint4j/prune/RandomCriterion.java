package org.mint4j.prune;

import java.util.Map;
import java.util.Random;

/** Uniform random scores, the same for the same seed and pair: the baseline any criterion must beat. */
public record RandomCriterion(long seed) implements Criterion {

    public static final String NAME = "random";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("seed", Long.toString(seed));
    }

    @Override
    public double[][] score(PairData data, int threads, Progress progress) {
        Random rng = new Random(seed * 1_000_003L + (data.pair().parent() + "->" + data.pair().child()).hashCode());
        double[][] out = new double[data.childGroups().count()][data.parentGroups().count()];
        for (double[] row : out) {
            for (int j = 0; j < row.length; j++) {
                row[j] = rng.nextDouble();
            }
        }
        return out;
    }
}
