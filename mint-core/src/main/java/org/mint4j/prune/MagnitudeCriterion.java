package org.mint4j.prune;

import java.util.Map;

/**
 * Mean absolute weight of each block W[child group i, parent group j]: the L1 norm of the block
 * divided by its size, so that blocks of layer pairs with different group sizes compare.
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
        double[][] out = data.blockSums(k -> Math.abs(w[k]));
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] /= (double) data.childGroups().columns(i).length * data.parentGroups().columns(j).length
                        * data.elementsPerConnection();
            }
        }
        return out;
    }
}
