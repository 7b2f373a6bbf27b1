package org.mint4j.train;

/** One line of the training log. Accuracies in [0, 1]; train accuracy is measured in training mode. */
public record EpochRecord(int epoch, double learningRate, double loss, double trainAccuracy, double testAccuracy,
        double seconds) {
}
