package org.mint4j.prune;

import java.util.List;
import java.util.Map;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.ChannelFamily.Role;
import org.mint4j.nn.Safetensors.Tensor;

/**
 * Network slimming's importance (Liu et al., "Learning efficient convolutional networks through
 * network slimming", ICCV 2017): |gamma|, the BatchNorm scale of the channel (the mean over the
 * family's norms when a residual stream has several), ranked globally without normalisation as
 * the paper thresholds it. mint4j prunes the trained network as it is: the paper's sparsity
 * penalty on gamma during training is not applied.
 */
public record SlimmingCriterion() implements ChannelCriterion {

    public static final String NAME = "slimming";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("value", "abs_batch_norm_scale");
    }

    @Override
    public double[] importance(ChannelFamily family, ChannelEvidence evidence) {
        List<ChannelFamily.Cut> scales = family.cuts(Role.NORM_SCALE);
        if (scales.isEmpty()) {
            throw new IllegalArgumentException("criterion slimming ranks channels by their BatchNorm scale, but the "
                    + "channels of " + family.name() + " have no BatchNorm");
        }
        double[] out = new double[family.channels()];
        for (ChannelFamily.Cut cut : scales) {
            Tensor t = evidence.tensor(cut.tensor());
            double[] part = cut.sumPerChannel(t.shape(), t.values(), Math::abs);
            for (int c = 0; c < out.length; c++) {
                out[c] += part[c] / scales.size();
            }
        }
        return out;
    }
}
