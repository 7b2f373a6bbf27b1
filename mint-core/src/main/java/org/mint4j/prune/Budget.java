package org.mint4j.prune;

import java.util.Arrays;
import java.util.List;

/**
 * What a channel plan's target is a fraction of: the plan removes channels, lowest importance
 * first, until at least that fraction of the quantity is gone.
 */
public enum Budget {
    /** multiply-accumulates per input sample of the whole network ({@link TensorCosts}) */
    MACS("macs"),
    /** parameters of the whole network, running statistics included ({@link TensorCosts}) */
    PARAMS("params"),
    /** channels of the families the plan may prune (the skipped ones not counted) */
    CHANNELS("channels"),
    /**
     * the compacted network's median time per batch in its deployment runtime (ONNX Runtime, for
     * an imported model or a built-in one written as ONNX), measured as the plan searches ({@link ChannelPlan.LatencyProbe})
     */
    LATENCY("latency");

    private final String label;

    Budget(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The budget of a recipe label, or null. */
    public static Budget of(String label) {
        return Arrays.stream(values()).filter(b -> b.label.equals(label)).findFirst().orElse(null);
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Budget::label).toList();
    }
}
