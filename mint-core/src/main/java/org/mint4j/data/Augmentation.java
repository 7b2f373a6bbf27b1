package org.mint4j.data;

import java.util.Random;
import org.mint4j.util.Registry;

/** A random transformation of one image's bytes in place, drawn from the given generator. */
@FunctionalInterface
public interface Augmentation {

    Augmentation NONE = (pixels, channels, height, width, rng) -> { };

    /** The registry of augmentations recipes name in {@code dataset.augmentation}. */
    Registry<Augmentation> REGISTRY = new Registry<Augmentation>("augmentation")
            .register("none", NONE)
            .register("crop-flip", cropAndFlip(4));

    void apply(byte[] pixels, int channels, int height, int width, Random rng);

    /**
     * The usual CIFAR training augmentation, as torchvision's RandomCrop(size, padding) then
     * RandomHorizontalFlip(): zero-pad by {@code padding}, crop back to the original size at a
     * random offset, mirror with probability 1/2.
     */
    static Augmentation cropAndFlip(int padding) {
        return (pixels, channels, height, width, rng) -> {
            int dy = rng.nextInt(2 * padding + 1) - padding;
            int dx = rng.nextInt(2 * padding + 1) - padding;
            boolean flip = rng.nextBoolean();
            byte[] src = pixels.clone();
            for (int c = 0; c < channels; c++) {
                int base = c * height * width;
                for (int y = 0; y < height; y++) {
                    int sy = y + dy;
                    for (int x = 0; x < width; x++) {
                        int sx = (flip ? width - 1 - x : x) + dx;
                        boolean inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                        pixels[base + y * width + x] = inside ? src[base + sy * width + sx] : 0;
                    }
                }
            }
        };
    }
}
