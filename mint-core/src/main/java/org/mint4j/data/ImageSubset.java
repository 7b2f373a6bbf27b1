package org.mint4j.data;

import java.util.Arrays;
import java.util.Random;

/** A view of some images of another source, and the class-balanced draws that make one. */
public final class ImageSubset implements ImageSource {

    private final ImageSource source;
    private final int[] indices;
    private final String name;

    /** The images {@code indices} of {@code source}, in that order. */
    public ImageSubset(ImageSource source, int[] indices, String name) {
        for (int i : indices) {
            if (i < 0 || i >= source.size()) {
                throw new IllegalArgumentException("index " + i + " outside " + source.name() + " (" + source.size()
                        + " images)");
            }
        }
        this.source = source;
        this.indices = indices.clone();
        this.name = name;
    }

    /** The source's indices of these images, in order. */
    public int[] indices() {
        return indices.clone();
    }

    /** {@code perClass} images of every class, drawn without replacement from {@code seed}, in source order. */
    public static ImageSubset balanced(ImageSource source, int perClass, long seed) {
        int[] picked = balancedIndices(source, perClass, seed);
        Arrays.sort(picked);
        return new ImageSubset(source, picked, source.name() + " (" + perClass + " per class, seed " + seed + ")");
    }

    /** m indices per class without replacement, then shuffled; all drawn from {@code seed}. */
    public static int[] balancedIndices(ImageSource set, int perClass, long seed) {
        Random rng = new Random(seed);
        int[] counts = set.classCounts();
        int[][] byClass = new int[set.classes()][];
        int[] fill = new int[set.classes()];
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] < perClass) {
                throw new IllegalArgumentException("class " + c + " of " + set.name() + " has " + counts[c]
                        + " images; cannot draw " + perClass + " without replacement");
            }
            byClass[c] = new int[counts[c]];
        }
        for (int i = 0; i < set.size(); i++) {
            byClass[set.label(i)][fill[set.label(i)]++] = i;
        }
        int[] out = new int[perClass * set.classes()];
        int next = 0;
        for (int[] members : byClass) {
            shuffle(members, rng);
            System.arraycopy(members, 0, out, next, perClass);
            next += perClass;
        }
        shuffle(out, rng);
        return out;
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int label(int index) {
        return source.label(indices[index]);
    }

    @Override
    public int classes() {
        return source.classes();
    }

    @Override
    public int channels() {
        return source.channels();
    }

    @Override
    public int height() {
        return source.height();
    }

    @Override
    public int width() {
        return source.width();
    }

    @Override
    public Normalization normalization() {
        return source.normalization();
    }

    @Override
    public void load(int index, byte[] out, Random training) {
        source.load(indices[index], out, training);
    }
}
