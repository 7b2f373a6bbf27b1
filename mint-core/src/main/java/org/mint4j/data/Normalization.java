package org.mint4j.data;

import java.util.Arrays;

/** Per-channel (pixel / 255 - mean) / std, as torchvision's ToTensor followed by Normalize. */
public record Normalization(double[] mean, double[] std) {

    public static final Normalization MNIST = new Normalization(new double[] {0.1307}, new double[] {0.3081});
    public static final Normalization FASHION_MNIST = new Normalization(new double[] {0.2860}, new double[] {0.3530});
    public static final Normalization CIFAR10 = new Normalization(
            new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616});
    /** ImageNet statistics, which the pretrained CIFAR ResNets (akamaster) were trained with. */
    public static final Normalization IMAGENET = new Normalization(
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

    public Normalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need one value per channel; got "
                    + mean.length + " and " + std.length);
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
    }

    /** A lookup table byte value -> normalised float for each channel. */
    float[][] table() {
        float[][] t = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int v = 0; v < 256; v++) {
                t[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
            }
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std);
    }
}
