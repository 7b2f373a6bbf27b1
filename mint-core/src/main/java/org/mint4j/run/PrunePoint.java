package org.mint4j.run;

import java.util.Map;

/**
 * One retrained sweep point. Fractions and accuracies in [0, 1].
 *
 * @param zeroedFractionPrunable zeroed weights over the weights of the pruned layers
 * @param zeroedFractionTotal zeroed parameters over every parameter of the network, biases included
 * @param zeroedByLayer zeroed fraction of each pruned weight
 * @param accuracyBeforeRetrain test accuracy with the masks applied, before retraining
 * @param accuracy best test accuracy during retraining (as the paper reports)
 * @param accuracyFinal test accuracy after the last retraining epoch
 * @param threads threads of the engine that retrained it (its sums, and so its numbers, depend on them)
 */
public record PrunePoint(long seed, String criterion, double target, double zeroedFractionPrunable,
        double zeroedFractionTotal, Map<String, Double> zeroedByLayer, double accuracyBeforeRetrain, double accuracy,
        double accuracyFinal, long csrBytes, long denseBytes, double retrainSeconds, int threads)
        implements java.io.Serializable {

    /** The same point with its wall time 0. */
    public PrunePoint withoutTime() {
        return new PrunePoint(seed, criterion, target, zeroedFractionPrunable, zeroedFractionTotal, zeroedByLayer,
                accuracyBeforeRetrain, accuracy, accuracyFinal, csrBytes, denseBytes, 0, threads);
    }
}
