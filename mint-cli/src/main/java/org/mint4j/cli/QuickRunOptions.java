package org.mint4j.cli;

import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import picocli.CommandLine.Option;

/** Overrides that shrink a recipe's data for machines without a GPU; written into the run's recipe. */
final class QuickRunOptions {

    @Option(names = "--train-per-class", paramLabel = "N",
            description = "Train on a class-balanced subset of N images per class (drawn from the seed).")
    Integer trainPerClass;

    @Option(names = "--test-per-class", paramLabel = "N",
            description = "Evaluate on a class-balanced subset of N test images per class.")
    Integer testPerClass;

    @Option(names = "--samples-per-class", paramLabel = "M",
            description = "MINT's m: images per class whose activations are scored.")
    Integer samplesPerClass;

    Recipe apply(Recipe r) {
        Recipe out = r;
        if (trainPerClass != null || testPerClass != null) {
            Recipe.Dataset d = r.dataset();
            out = out.withDataset(new Recipe.Dataset(d.name(), d.augmentation(), d.normalization(),
                    trainPerClass != null ? trainPerClass : d.trainPerClass(),
                    testPerClass != null ? testPerClass : d.testPerClass(), d.validationPerClass()));
        }
        if (samplesPerClass != null && out.mint() != null) {
            out = out.withPruning(out.mint().withSamplesPerClass(samplesPerClass));
        }
        Recipes.validate(out, "given on the command line");
        return out;
    }
}
