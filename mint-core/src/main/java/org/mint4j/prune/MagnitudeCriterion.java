package org.mint4j.prune;

import java.util.Map;

/**
 * Mean absolute weight of each block W[child group i, parent group j] (the block's L1 norm over
 * its size).
 */
public record MagnitudeCriterion() implements Criterion {

    public static final String NAME = "magnitude";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("norm", "mean_abs");
    }

    @Override
    public double[][] score(PairData data, int threads, Progress progress) {
        float[] w = data.childWeight();
        return data.blockMeans(k -> Math.abs(w[k]));
    }
}
