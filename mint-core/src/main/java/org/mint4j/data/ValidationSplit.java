package org.mint4j.data;

import java.util.Arrays;

/**
 * A class-balanced, seeded hold-out of a training set, on which the best epoch is chosen, and the
 * training images that remain, which are trained on and from which activations are sampled: so
 * that no choice is made on the test set.
 */
public record ValidationSplit(ImageSubset validation, ImageSubset rest) {

    /**
     * Holds out {@code perClass} images of every class, drawn without replacement from {@code seed}.
     *
     * @throws IllegalArgumentException if a class has fewer than {@code perClass} images
     */
    public static ValidationSplit of(ImageSource source, int perClass, long seed) {
        int[] held = ImageSubset.balancedIndices(source, perClass, seed);
        Arrays.sort(held);
        boolean[] isHeld = new boolean[source.size()];
        for (int i : held) {
            isHeld[i] = true;
        }
        int[] rest = new int[source.size() - held.length];
        int next = 0;
        for (int i = 0; i < source.size(); i++) {
            if (!isHeld[i]) {
                rest[next++] = i;
            }
        }
        String drawn = perClass + " per class, seed " + seed;
        return new ValidationSplit(new ImageSubset(source, held, source.name() + " (validation: " + drawn + ")"),
                new ImageSubset(source, rest, source.name() + " (without the validation images: " + drawn + ")"));
    }
}
