package org.mint4j.prune;

import java.util.Random;
import org.mint4j.gmi.LayerPairScorer;
import org.mint4j.gmi.PairScores;

/** The criteria mint4j ships: MINT's conditional GMI, and the random and magnitude baselines. */
public final class Criteria {

    private Criteria() {
    }

    /**
     * A criterion by name: {@code mint}, {@code random} or {@code magnitude}.
     *
     * @param seed seeds the random criterion
     * @param zComponents MINT's optional conditioning on principal components of Z (0: off)
     */
    public static Criterion of(String name, long seed, int threads, boolean standardize, int zComponents) {
        return switch (name) {
            case "mint" -> mint(threads, standardize, zComponents);
            case "random" -> random(seed);
            case "magnitude" -> magnitude();
            default -> throw new IllegalArgumentException("unknown criterion '" + name
                    + "': expected mint, random or magnitude");
        };
    }

    /** MINT: I(child group i; parent group j | the other parent groups). */
    public static Criterion mint(int threads, boolean standardize, int zComponents) {
        return (data, progress) -> {
            PairScores scores = LayerPairScorer.builder().optThreads(threads).optStandardize(standardize)
                    .optZComponents(zComponents).optProgress(progress::completed).build()
                    .score(data.parents(), data.children(), data.parentGroups(), data.childGroups());
            return scores.estimates();
        };
    }

    /** Uniform random scores, the same for the same seed and pair. */
    public static Criterion random(long seed) {
        return (data, progress) -> {
            Random rng = new Random(seed * 1_000_003L + (data.pair().parent() + "->" + data.pair().child()).hashCode());
            double[][] out = new double[data.childGroups().count()][data.parentGroups().count()];
            for (double[] row : out) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = rng.nextDouble();
                }
            }
            return out;
        };
    }

    /**
     * Mean absolute weight of each block W[child group i, parent group j]: the L1 norm of the
     * block divided by its size, so that blocks of layer pairs with different group sizes compare.
     */
    public static Criterion magnitude() {
        return (data, progress) -> {
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
        };
    }
}
