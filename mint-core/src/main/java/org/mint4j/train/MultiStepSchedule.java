package org.mint4j.train;

import java.util.Arrays;

/** PyTorch's MultiStepLR: the base rate times gamma for each milestone epoch already reached. */
public record MultiStepSchedule(double baseRate, int[] milestones, double gamma) {

    public MultiStepSchedule {
        milestones = milestones.clone();
        for (int i = 1; i < milestones.length; i++) {
            if (milestones[i] <= milestones[i - 1]) {
                throw new IllegalArgumentException("milestones must increase: " + Arrays.toString(milestones));
            }
        }
    }

    /** The rate for 0-based epoch {@code epoch}. */
    public double rate(int epoch) {
        double r = baseRate;
        for (int m : milestones) {
            if (epoch >= m) {
                r *= gamma;
            }
        }
        return r;
    }
}
