package org.mint4j.data;

import java.util.Random;

/**
 * Draws batches from an image set: a seeded shuffle per epoch (or input order), optional
 * augmentation, then normalisation into floats in [batch, channel, row, column] order.
 */
public final class Batches {

    private final ImageSource set;
    private final int[] order;
    private final int batchSize;
    private final Augmentation augmentation;
    private final Random augmentationRng;
    private final float[][] table;
    private final boolean training;

    private Batches(ImageSource set, int[] order, int batchSize, Augmentation augmentation, Random augmentationRng,
            boolean training) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.set = set;
        this.order = order;
        this.batchSize = batchSize;
        this.augmentation = augmentation;
        this.augmentationRng = augmentationRng;
        this.table = set.normalization().table();
        this.training = training;
    }

    /** Every image once, in input order, without augmentation (evaluation). */
    public static Batches sequential(ImageSource set, int batchSize) {
        return new Batches(set, identity(set.size()), batchSize, Augmentation.NONE, new Random(0), false);
    }

    /** The given images, in the given order, without augmentation (activation sampling). */
    public static Batches of(ImageSource set, int[] indices, int batchSize) {
        return new Batches(set, indices.clone(), batchSize, Augmentation.NONE, new Random(0), false);
    }

    /**
     * One training epoch: a shuffle and augmentation drawn from {@code rng}, so that the same
     * (seed, epoch) always gives the same batches, also after a resume.
     */
    public static Batches shuffled(ImageSource set, int batchSize, Augmentation augmentation, Random rng) {
        int[] order = identity(set.size());
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new Batches(set, order, batchSize, augmentation, rng, true);
    }

    public int count() {
        return (order.length + batchSize - 1) / batchSize;
    }

    public int images() {
        return order.length;
    }

    /** Fills batch {@code b}; call in increasing order of b (augmentation draws from one stream). */
    public Batch get(int b) {
        int from = b * batchSize;
        int size = Math.min(batchSize, order.length - from);
        int per = set.imageBytes();
        float[] data = new float[size * per];
        int[] labels = new int[size];
        byte[] scratch = new byte[per];
        int plane = set.height() * set.width();
        for (int i = 0; i < size; i++) {
            int index = order[from + i];
            labels[i] = set.label(index);
            set.load(index, scratch, training ? augmentationRng : null);
            augmentation.apply(scratch, set.channels(), set.height(), set.width(), augmentationRng);
            for (int p = 0; p < per; p++) {
                data[i * per + p] = table[p / plane][scratch[p] & 0xff];
            }
        }
        return new Batch(data, labels, size, set.channels(), set.height(), set.width());
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** One batch of normalised images and their labels. */
    public record Batch(float[] data, int[] labels, int size, int channels, int height, int width) {
    }
}
