package org.mint4j.prune;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.ChannelFamily.Role;
import org.mint4j.nn.Safetensors.Tensor;

/**
 * Filter-norm importance (Li et al., "Pruning filters for efficient ConvNets", ICLR 2017), on the
 * whole coupled set as Torch-Pruning's {@code MagnitudeImportance(p)} computes it: per channel the
 * sum of |w|^p over each of its writers' filters, readers' input columns and norm scales, the mean
 * of those per-tensor sums (Torch-Pruning's {@code group_reduction="mean"}), divided by the mean
 * over the family's channels ({@code normalizer="mean"}). The division is what lets one global
 * ranking compare layers whose filters hold 16 or 576 weights; Li et al. prune each layer on its
 * own instead.
 *
 * @param p 1 (L1, the paper's) or 2 (the sum of squares, as Torch-Pruning for p = 2)
 */
public record FilterNormCriterion(int p) implements ChannelCriterion {

    public static final String L1 = "l1";
    public static final String L2 = "l2";

    @Override
    public String name() {
        return p == 1 ? L1 : L2;
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("p", Integer.toString(p));
        s.put("tensors", "writers, readers, norm scales");
        s.put("reduction", "mean");
        s.put("normalizer", "family_mean");
        return s;
    }

    @Override
    public boolean normalizedPerFamily() {
        return true;
    }

    @Override
    public double[] importance(ChannelFamily family, ChannelEvidence evidence) {
        double[] sum = new double[family.channels()];
        int tensors = 0;
        for (ChannelFamily.Cut cut : family.cuts()) {
            if (cut.role() == Role.OTHER) {
                continue;
            }
            Tensor t = evidence.tensor(cut.tensor());
            double[] part = cut.sumPerChannel(t.shape(), t.values(), p == 1 ? Math::abs : w -> w * w);
            for (int c = 0; c < sum.length; c++) {
                sum[c] += part[c];
            }
            tensors++;
        }
        return normalizedByMean(sum, tensors);
    }

    /** {@code values / count}, then divided by their mean (left as they are when the mean is 0). */
    static double[] normalizedByMean(double[] values, int count) {
        double mean = 0;
        for (double v : values) {
            mean += v / count;
        }
        mean /= values.length;
        double[] out = new double[values.length];
        for (int c = 0; c < values.length; c++) {
            out[c] = mean > 0 ? values[c] / count / mean : values[c] / count;
        }
        return out;
    }
}
