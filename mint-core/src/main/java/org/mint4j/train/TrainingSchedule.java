package org.mint4j.train;

import java.util.List;

/** SGD with (Nesterov) momentum, weight decay and a multi-step learning-rate schedule. */
public record TrainingSchedule(Integer epochs, Integer batchSize, Double learningRate, Double momentum,
        Boolean nesterov, Double weightDecay, List<Integer> milestones, Double gamma) implements java.io.Serializable {

    public TrainingSchedule withEpochs(int newEpochs) {
        return new TrainingSchedule(newEpochs, batchSize, learningRate, momentum, nesterov, weightDecay, milestones,
                gamma);
    }

    /**
     * The same schedule compressed or stretched to {@code newEpochs}: each milestone moves to the
     * same fraction of the run (rounded, at least epoch 1).
     */
    public TrainingSchedule scaledTo(int newEpochs) {
        List<Integer> moved = milestones.stream()
                .map(m -> Math.max(1, (int) Math.round((double) m * newEpochs / epochs))).distinct().toList();
        return new TrainingSchedule(newEpochs, batchSize, learningRate, momentum, nesterov, weightDecay, moved, gamma);
    }

    /** Every field, in a fixed form: part of the names of outputs that depend on the schedule. */
    public String label() {
        return "epochs=" + epochs + " batch_size=" + batchSize + " learning_rate=" + learningRate + " momentum="
                + momentum + " nesterov=" + nesterov + " weight_decay=" + weightDecay + " milestones=" + milestones
                + " gamma=" + gamma;
    }
}
