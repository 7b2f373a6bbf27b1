package org.mint4j.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.data.Batches;
import org.mint4j.data.ImageSource;
import org.mint4j.data.ImageSubset;
import org.mint4j.gmi.Matrix;
import org.mint4j.nn.PrunableNetwork;

/**
 * The activations of every prunable layer on one class-balanced sample: m images per class drawn
 * without replacement, then put in a seeded random order (the estimator splits rows by position).
 * Row r of every layer comes from the same image, since all layers are tapped in one forward pass.
 */
public final class LayerActivations {

    private static final int BATCH = 500;

    private final int[] imageIndices;
    private final Map<String, Matrix> byLayer;

    private LayerActivations(int[] imageIndices, Map<String, Matrix> byLayer) {
        this.imageIndices = imageIndices;
        this.byLayer = byLayer;
    }

    /**
     * Indices of the sampled images in the set they were drawn from (the training images left
     * after the validation hold-out, in a run), in row order.
     */
    public int[] imageIndices() {
        return imageIndices.clone();
    }

    /** A layer's activations, [m * classes, outputs]. */
    public Matrix layer(String name) {
        Matrix m = byLayer.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no prunable layer '" + name + "'; the network has " + byLayer.keySet());
        }
        return m;
    }

    /**
     * Draws m images per class without replacement (seeded) and records every prunable layer's
     * output for them, streaming batches and keeping only the sampled rows.
     *
     * @throws IllegalArgumentException if a class has fewer than m images
     */
    public static LayerActivations record(PrunableNetwork network, ImageSource set, int perClass, long seed,
            NDManager manager) {
        int[] indices = ImageSubset.balancedIndices(set, perClass, seed);
        List<Map.Entry<String, Integer>> taps = List.copyOf(network.tapWidths().entrySet());
        List<float[]> data = new ArrayList<>();
        for (Map.Entry<String, Integer> tap : taps) {
            data.add(new float[indices.length * tap.getValue()]);
        }
        Batches batches = Batches.of(set, indices, BATCH);
        ParameterStore store = new ParameterStore(manager, false);
        int row = 0;
        for (int b = 0; b < batches.count(); b++) {
            Batches.Batch batch = batches.get(b);
            try (NDScope scope = new NDScope()) {
                NDArray x = manager.create(batch.data(), new ai.djl.ndarray.types.Shape(batch.size(),
                        batch.channels(), batch.height(), batch.width()));
                NDList out = network.forwardWithTaps(store, x);
                for (int t = 0; t < taps.size(); t++) {
                    float[] values = out.get(1 + t).toFloatArray();
                    System.arraycopy(values, 0, data.get(t), row * taps.get(t).getValue(), values.length);
                }
            }
            row += batch.size();
        }
        Map<String, Matrix> byLayer = new LinkedHashMap<>();
        for (int t = 0; t < taps.size(); t++) {
            byLayer.put(taps.get(t).getKey(), Matrix.ofFloats(indices.length, taps.get(t).getValue(), data.get(t)));
        }
        return new LayerActivations(indices, byLayer);
    }
}
