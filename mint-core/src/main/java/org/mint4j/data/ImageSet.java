package org.mint4j.data;

/**
 * Images as unsigned bytes in [channel, row, column] order, with their class labels. Pixels stay
 * bytes in memory (CIFAR-10's training set is 150 MB as bytes, 600 MB as floats); batches are
 * converted and normalised as they are drawn.
 */
public final class ImageSet {

    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;
    private final Normalization normalization;

    public ImageSet(String name, byte[] pixels, int[] labels, int channels, int height, int width, int classes,
            Normalization normalization) {
        if (pixels.length != (long) labels.length * channels * height * width) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
        this.normalization = normalization;
    }

    public String name() {
        return name;
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int classes() {
        return classes;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    public Normalization normalization() {
        return normalization;
    }

    /** The same images under another normalisation (pretrained weights expect their own). */
    public ImageSet withNormalization(Normalization other) {
        return new ImageSet(name, pixels, labels, channels, height, width, classes, other);
    }

    /** The raw bytes of image {@code i} are {@code pixels()[i * imageBytes(), (i + 1) * imageBytes())}. */
    byte[] pixels() {
        return pixels;
    }

    /** The images at {@code indices}, in that order. */
    public ImageSet subset(int[] indices, String subsetName) {
        int per = imageBytes();
        byte[] px = new byte[indices.length * per];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * per, px, i * per, per);
            lb[i] = labels[indices[i]];
        }
        return new ImageSet(subsetName, px, lb, channels, height, width, classes, normalization);
    }

    /** Count of images per class. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }
}
