package org.mint4j.train;

/**
 * One line of the training log. Accuracies in [0, 1]; train accuracy is measured in training mode.
 *
 * @param validationAccuracy accuracy on the validation hold-out; null when there is none
 */
public record EpochRecord(int epoch, double learningRate, double loss, double trainAccuracy, Double validationAccuracy,
        double testAccuracy, double seconds) {

    /** The accuracy the best epoch is chosen by: validation when there is a hold-out, else test. */
    public double selectionAccuracy() {
        return validationAccuracy != null ? validationAccuracy : testAccuracy;
    }
}
