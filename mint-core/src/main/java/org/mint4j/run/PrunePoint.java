package org.mint4j.run;

import java.util.Map;
import org.mint4j.prune.Budget;
import org.mint4j.prune.ChannelPlan;

/**
 * One retrained sweep point. Fractions and accuracies in [0, 1].
 *
 * @param zeroedFractionPrunable zeroed weights over the weights of the pruned layers: the child layers
 *     of the recipe's pairs, the skipped ones included (at 0%)
 * @param zeroedFractionTotal zeroed parameters over every parameter of the network, biases included
 * @param zeroedByLayer zeroed fraction of each pruned weight
 * @param accuracyBeforeRetrain test accuracy with the masks applied, before retraining
 * @param selectedOn what the kept retraining epoch was chosen on: {@code validation}, or
 *     {@code test} when the recipe holds out no validation images (the paper's convention)
 * @param validationAccuracy validation accuracy of the kept epoch; null without a hold-out
 * @param accuracy test accuracy of the kept epoch
 * @param accuracyFinal test accuracy after the last retraining epoch
 * @param bestTestAccuracy the highest test accuracy of any retraining epoch (the paper's
 *     convention, which selects on the test set; equals {@code accuracy} without a hold-out)
 * @param threads threads of the engine that retrained it (its sums, and so its numbers, depend on them)
 * @param channels for a channel plan, what it removed and what the compacted network costs; null
 *     for a connection plan
 */
public record PrunePoint(long seed, String criterion, double target, double zeroedFractionPrunable,
        double zeroedFractionTotal, Map<String, Double> zeroedByLayer, double accuracyBeforeRetrain, String selectedOn,
        Double validationAccuracy, double accuracy, double accuracyFinal, double bestTestAccuracy, long csrBytes,
        long denseBytes, double retrainSeconds, int threads, Channels channels) implements java.io.Serializable {

    /**
     * Median milliseconds per batch of 1 and of 64, the original's and the compacted export's,
     * measured one after the other in the same process.
     */
    public record Latency(String runtime, int threads, double originalBatch1, double originalBatch64, double batch1,
            double batch64) implements java.io.Serializable {
    }

    /**
     * A channel plan's outcome.
     *
     * @param budget what the target was a fraction of
     * @param steps the plan's steps (1: one global order; absent from points made before steps existed)
     * @param original the unpruned network's MACs per sample and parameters
     * @param achieved the compacted network's, and the channels removed
     * @param keptChannels channels kept per family, by family name
     * @param latency the compacted export's and the original's in the deployment runtime, when
     *     one runs the model (imported from ONNX, or a built-in one written as ONNX); else null
     */
    public record Channels(String budget, Integer steps, ChannelPlan.Cost original, ChannelPlan.Cost achieved,
            Map<String, Integer> keptChannels, Latency latency) implements java.io.Serializable {

        public Channels withLatency(Latency measured) {
            return new Channels(budget, steps, original, achieved, keptChannels, measured);
        }

        /** What the plan removed and kept, in a log line. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "%d of %d channels removed, %.2f%% of MACs (%,d) and %.2f%% "
                    + "of parameters (%,d) kept", achieved.removedChannels(), achieved.prunableChannels(),
                    100.0 * achieved.macs() / original.macs(), achieved.macs(),
                    100.0 * achieved.parameters() / original.parameters(), achieved.parameters())
                    + (achieved.latencyMillis() == null ? "" : String.format(java.util.Locale.ROOT,
                            ", %.3f of %.3f ms per batch as the plan timed it", achieved.latencyMillis(),
                            original.latencyMillis()));
        }
    }

    /**
     * How much the point pruned, the quantity its targets are fractions of: the weights zeroed in
     * the pruned layers, or for a channel plan the fraction of its budget removed.
     */
    public double prunedFraction() {
        return channels == null ? zeroedFractionPrunable
                : 1 - channels.achieved().fraction(Budget.of(channels.budget()), channels.original());
    }

    /** What {@link #prunedFraction()} is, in words. */
    public String prunedWhat() {
        return channels == null ? "zeroed" : "of the " + channels.budget() + " removed";
    }

    /** The same point with these channel figures. */
    public PrunePoint withChannels(Channels measured) {
        return new PrunePoint(seed, criterion, target, zeroedFractionPrunable, zeroedFractionTotal, zeroedByLayer,
                accuracyBeforeRetrain, selectedOn, validationAccuracy, accuracy, accuracyFinal, bestTestAccuracy,
                csrBytes, denseBytes, retrainSeconds, threads, measured);
    }

    /** The same point without its timings (wall time 0, no latency): what a rerun repeats exactly. */
    public PrunePoint withoutTime() {
        return new PrunePoint(seed, criterion, target, zeroedFractionPrunable, zeroedFractionTotal, zeroedByLayer,
                accuracyBeforeRetrain, selectedOn, validationAccuracy, accuracy, accuracyFinal, bestTestAccuracy,
                csrBytes, denseBytes, 0, threads, channels == null ? null : channels.withLatency(null));
    }
}
