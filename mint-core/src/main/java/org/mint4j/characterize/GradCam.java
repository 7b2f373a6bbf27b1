package org.mint4j.characterize;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.mint4j.nn.CamNetwork;

/**
 * Grad-CAM (Selvaraju et al. 2017) on the last conv feature map A: the weight of channel k is the
 * spatial mean of d score_c / d A_k; the map is ReLU(sum_k weight_k A_k), scaled to [0, 1] per
 * image (all zeros stays zeros).
 */
public final class GradCam {

    private GradCam() {
    }

    /**
     * Maps for a batch, [batch][h][w] at the feature map's resolution.
     *
     * @param classes the class whose score each image's map explains
     */
    public static float[][][] maps(CamNetwork network, NDArray input, int[] classes, NDManager manager) {
        ParameterStore store = new ParameterStore(manager, false);
        NDArray features = network.features(store, input).duplicate();
        features.setRequiresGradient(true);
        long[] shape = features.getShape().getShape();
        int batch = (int) shape[0];
        int channels = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = network.head(store, features);
            float[] onehot = new float[batch * (int) logits.getShape().get(1)];
            for (int b = 0; b < batch; b++) {
                onehot[b * (int) logits.getShape().get(1) + classes[b]] = 1f;
            }
            NDArray score = logits.mul(manager.create(onehot, logits.getShape())).sum();
            gc.backward(score);
        }
        float[] a = features.toFloatArray();
        float[] g = features.getGradient().toFloatArray();
        int plane = h * w;
        float[][][] out = new float[batch][h][w];
        for (int b = 0; b < batch; b++) {
            float max = 0;
            for (int k = 0; k < channels; k++) {
                int base = (b * channels + k) * plane;
                double alpha = 0;
                for (int p = 0; p < plane; p++) {
                    alpha += g[base + p];
                }
                alpha /= plane;
                for (int p = 0; p < plane; p++) {
                    out[b][p / w][p % w] += (float) (alpha * a[base + p]);
                }
            }
            for (float[] row : out[b]) {
                for (int x = 0; x < w; x++) {
                    row[x] = Math.max(0f, row[x]);
                    max = Math.max(max, row[x]);
                }
            }
            if (max > 0) {
                for (float[] row : out[b]) {
                    for (int x = 0; x < w; x++) {
                        row[x] /= max;
                    }
                }
            }
        }
        return out;
    }

    /** The predicted class of each image, for maps of what the network chose. */
    public static int[] predicted(CamNetwork network, NDArray input, NDManager manager) {
        NDArray logits = network.head(new ParameterStore(manager, false),
                network.features(new ParameterStore(manager, false), input));
        long[] top = logits.argMax(1).toLongArray();
        int[] out = new int[top.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) top[i];
        }
        return out;
    }
}
