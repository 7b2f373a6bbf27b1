package org.mint4j.data;

/**
 * Images as unsigned bytes in [channel, row, column] order, with their class labels. Pixels stay
 * bytes in memory (CIFAR-10's training set is 150 MB as bytes, 600 MB as floats); batches are
 * converted and normalised as they are drawn.
 */
public final class ImageSet implements ImageSource {

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

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int imageBytes() {
        return channels * height * width;
    }

    @Override
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

    /** Copies the stored bytes; augmentation of in-memory sets is left to {@link Batches}. */
    @Override
    public void load(int index, byte[] out, java.util.Random training) {
        int per = imageBytes();
        System.arraycopy(pixels, index * per, out, 0, per);
    }
}
