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
        int per = data.elementsPerConnection();
        double[][] out = new double[data.childGroups().count()][data.parentGroups().count()];
        for (int i = 0; i < out.length; i++) {
            int[] childCols = data.childGroups().columns(i);
            for (int j = 0; j < out[i].length; j++) {
                int[] parentCols = data.parentGroups().columns(j);
                double sum = 0;
                for (int o : childCols) {
                    for (int p : parentCols) {
                        for (int r = 0; r < per; r++) {
                            sum += Math.abs(data.childWeight()[data.weightIndex(o, p, r)]);
                        }
                    }
                }
                out[i][j] = sum / ((double) childCols.length * parentCols.length * per);
            }
        }
        return out;
    }
}
