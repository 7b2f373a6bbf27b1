package org.mint4j.recipe;

import java.util.List;

/**
 * Everything a run needs to be repeated: the network, the data, the training schedule and the
 * seed. Read from YAML with {@link Recipes}; keys are snake_case.
 */
public record Recipe(String name, String description, long seed, Model model, Dataset dataset, Training train) {

    /** The network. */
    public record Model(String architecture) {
    }

    /** The data and its training augmentation ({@code none} or {@code crop-flip}). */
    public record Dataset(String name, String augmentation) {
    }

    /** SGD with (Nesterov) momentum, weight decay and a multi-step learning-rate schedule. */
    public record Training(int epochs, int batchSize, double learningRate, double momentum, boolean nesterov,
            double weightDecay, List<Integer> milestones, double gamma) {

        public Training withEpochs(int newEpochs) {
            return new Training(newEpochs, batchSize, learningRate, momentum, nesterov, weightDecay, milestones,
                    gamma);
        }
    }

    public Recipe withEpochs(int epochs) {
        return new Recipe(name, description, seed, model, dataset, train.withEpochs(epochs));
    }

    public Recipe withSeed(long newSeed) {
        return new Recipe(name, description, newSeed, model, dataset, train);
    }
}
