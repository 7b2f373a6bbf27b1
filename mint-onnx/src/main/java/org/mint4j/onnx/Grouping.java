package org.mint4j.onnx;

/**
 * How derived pairs group a layer's channels: one group per channel, or G sequential groups (a
 * layer with fewer than G channels gets one group per channel).
 *
 * @param groups G, or null for one group per channel
 */
public record Grouping(Integer groups) {

    public static Grouping perChannel() {
        return new Grouping(null);
    }

    public static Grouping sequential(int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException("groups must be at least 1, not " + groups);
        }
        return new Grouping(groups);
    }

    int of(int channels) {
        return groups == null ? channels : Math.min(groups, channels);
    }
}
