package org.mint4j.prune;

import java.util.Map;
import java.util.Random;
import org.mint4j.nn.ChannelFamily;

/** Uniform random importance, the same for the same seed and family: the baseline every criterion must beat. */
public record RandomChannelCriterion(long seed) implements ChannelCriterion {

    @Override
    public String name() {
        return RandomCriterion.NAME;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("seed", Long.toString(seed));
    }

    @Override
    public double[] importance(ChannelFamily family, ChannelEvidence evidence) {
        Random rng = new Random(seed * 1_000_003L + family.name().hashCode());
        double[] out = new double[family.channels()];
        for (int c = 0; c < out.length; c++) {
            out[c] = rng.nextDouble();
        }
        return out;
    }
}
