package org.mint4j.prune;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * First-order Taylor importance (Molchanov et al., "Importance estimation for neural network
 * pruning", CVPR 2019), a data-driven peer of MINT: the sum over the block's weights of
 * |w * dL/dw|, with L the training loss (softmax cross-entropy) summed over the activation
 * sample's images in an inference-mode pass of the trained network ({@link LossGradients}),
 * divided by the block's weight count like {@link MagnitudeCriterion}: one global percentile ranks
 * blocks of every layer pair, and a plain sum would cut the pairs with small blocks first. The
 * per-weight terms are summed as absolute values (Molchanov's group form squares the signed sum
 * of each minibatch instead), so that terms of opposite signs within a block do not cancel, as
 * Torch-Pruning's GroupTaylorImportance does by default ({@code multivariable=False}).
 *
 * @param samplesPerClass m, images per class of the sample the gradient is summed over
 */
public record TaylorCriterion(int samplesPerClass) implements Criterion {

    public static final String NAME = "taylor";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("samples_per_class", Integer.toString(samplesPerClass));
        s.put("loss", "cross_entropy_sum");
        s.put("reduction", "block_mean");
        s.put("batch_norm", "inference");
        return s;
    }

    @Override
    public boolean needsGradients() {
        return true;
    }

    @Override
    public double[][] score(PairData data, int threads, Progress progress) {
        float[] w = data.childWeight();
        float[] g = data.childGradient();
        if (g == null) {
            throw new IllegalArgumentException("pair " + data.pair() + " has no gradient; the taylor criterion "
                    + "needs PairData.childGradient");
        }
        return data.blockMeans(k -> Math.abs((double) w[k] * g[k]));
    }
}
