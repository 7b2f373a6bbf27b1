package org.mint4j.data;

import java.util.Random;

/**
 * Labelled images of one size, as unsigned bytes in [channel, row, column] order: held in memory
 * ({@link ImageSet}) or decoded from files on demand ({@link ImageFolder}).
 */
public interface ImageSource {

    String name();

    int size();

    int label(int index);

    int classes();

    int channels();

    int height();

    int width();

    Normalization normalization();

    /**
     * Writes image {@code index} into {@code out} (channels x height x width bytes). With a
     * generator, a source that decodes files applies its training transform drawn from it; without,
     * its evaluation transform.
     */
    void load(int index, byte[] out, Random training);

    default int imageBytes() {
        return channels() * height() * width();
    }

    /** Count of images per class. */
    default int[] classCounts() {
        int[] counts = new int[classes()];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        return counts;
    }
}
