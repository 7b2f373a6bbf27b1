package org.mint4j.characterize;

/**
 * Expected calibration error (Guo et al. 2017): predictions grouped into equal-width bins of
 * confidence (the top class probability), ECE = sum over bins of (bin size / n) times
 * |accuracy - mean confidence| of the bin. Bin b holds confidences in (b/B, (b+1)/B]; a confidence
 * of exactly 0 goes to the first bin.
 */
public final class Calibration {

    private Calibration() {
    }

    /** One bin of the reliability diagram. */
    public record Bin(double lower, double upper, int count, double confidence, double accuracy) {
    }

    /** The ECE and its bins. */
    public record Result(double ece, Bin[] bins) {
    }

    /**
     * @param probabilities [n][classes], each row summing to 1
     * @param labels the true class of each row
     */
    public static Result of(double[][] probabilities, int[] labels, int bins) {
        if (probabilities.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException(probabilities.length + " predictions for " + labels.length + " labels");
        }
        int[] count = new int[bins];
        double[] confidence = new double[bins];
        int[] correct = new int[bins];
        for (int i = 0; i < labels.length; i++) {
            double[] p = probabilities[i];
            int top = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[top]) {
                    top = c;
                }
            }
            int b = Math.min(bins - 1, Math.max(0, (int) Math.ceil(p[top] * bins) - 1));
            count[b]++;
            confidence[b] += p[top];
            correct[b] += top == labels[i] ? 1 : 0;
        }
        double ece = 0;
        Bin[] out = new Bin[bins];
        for (int b = 0; b < bins; b++) {
            double conf = count[b] == 0 ? 0 : confidence[b] / count[b];
            double acc = count[b] == 0 ? 0 : (double) correct[b] / count[b];
            ece += (double) count[b] / labels.length * Math.abs(acc - conf);
            out[b] = new Bin((double) b / bins, (double) (b + 1) / bins, count[b], conf, acc);
        }
        return new Result(ece, out);
    }
}
