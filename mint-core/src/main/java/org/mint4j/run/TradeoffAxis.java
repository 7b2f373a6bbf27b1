package org.mint4j.run;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** What the x axis of the report's trade-off plot ({@code tradeoff.png}) gives for each point, in %. */
public enum TradeoffAxis {

    /** Weights zeroed in the pruned layers: the default for connection plans. */
    ZEROED("zeroed", "weights zeroed in the pruned layers (%)", PrunePoint::zeroedFractionPrunable),
    /** MACs per sample the compacted network keeps of the unpruned one's: the default for channel plans. */
    MACS("macs", "MACs per sample kept of the unpruned network's (%)",
            p -> (double) p.channels().achieved().macs() / p.channels().original().macs()),
    /** The compacted export's time per batch of 1 in the deployment runtime, of the unpruned export's. */
    LATENCY_1("latency-1", "latency at batch 1 in %s, of the unpruned network's (%%)",
            p -> p.channels().latency().batch1() / p.channels().latency().originalBatch1()),
    /** As {@link #LATENCY_1} at batch 64. */
    LATENCY_64("latency-64", "latency at batch 64 in %s, of the unpruned network's (%%)",
            p -> p.channels().latency().batch64() / p.channels().latency().originalBatch64());

    private final String option;
    private final String label;
    private final ToDoubleFunction<PrunePoint> fraction;

    TradeoffAxis(String option, String label, ToDoubleFunction<PrunePoint> fraction) {
        this.option = option;
        this.label = label;
        this.fraction = fraction;
    }

    /** The name {@code mint report --x-axis} takes. */
    public String option() {
        return option;
    }

    /** @throws IllegalArgumentException naming the axes there are */
    public static TradeoffAxis of(String option) {
        return Arrays.stream(values()).filter(a -> a.option.equals(option)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("--x-axis " + option + " is not an axis; expected one of "
                        + Arrays.stream(values()).map(TradeoffAxis::option).toList()));
    }

    /** MACs kept when every point is a channel plan's, else the weights zeroed. */
    static TradeoffAxis defaultFor(List<SeedResults> seeds) {
        return seeds.stream().flatMap(s -> s.points().stream()).allMatch(p -> p.channels() != null) ? MACS : ZEROED;
    }

    /**
     * The axis label.
     *
     * @throws IllegalArgumentException naming the first point that does not have this axis's figure
     */
    String label(List<SeedResults> seeds) {
        if (this == ZEROED) {
            return label;
        }
        for (SeedResults s : seeds) {
            for (PrunePoint p : s.points()) {
                String which = String.format(Locale.ROOT, "%s at %.2f%% (seed %d)", p.criterion(), 100 * p.target(),
                        s.seed());
                if (p.channels() == null) {
                    throw new IllegalArgumentException("--x-axis " + option + ": " + which
                            + " zeroes connections, which keeps every MAC; expected channel plans (structure: channels)");
                }
                if (this != MACS && p.channels().latency() == null) {
                    throw new IllegalArgumentException("--x-axis " + option + ": " + which + " was not timed in a "
                            + "deployment runtime (its network is not one ONNX Runtime runs, or the timing failed)");
                }
            }
        }
        return this == MACS ? label : String.format(Locale.ROOT, label, seeds.stream()
                .flatMap(s -> s.points().stream()).findFirst().map(p -> p.channels().latency().runtime()).orElse(""));
    }

    double fraction(PrunePoint point) {
        return fraction.applyAsDouble(point);
    }
}
