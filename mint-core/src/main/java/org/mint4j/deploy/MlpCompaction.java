package org.mint4j.deploy;

import ai.djl.ndarray.NDManager;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.mint4j.nn.Mlp;

/**
 * Removes the hidden neurons of a masked MLP that can no longer matter, giving a smaller dense MLP
 * with the same outputs (in inference mode):
 *
 * <ul>
 *   <li>a neuron whose outgoing weights are all zero is dropped;
 *   <li>a neuron whose incoming weights are all zero outputs the constant relu(bias): its effect
 *       is folded into the next layer's bias, then it is dropped.
 * </ul>
 *
 * Repeated until nothing changes, since a removal can leave another neuron without inputs or
 * outputs. Input pixels and output classes are kept.
 */
public final class MlpCompaction {

    private MlpCompaction() {
    }

    /** A dense layer's weight [out][in] and bias [out]. */
    record Layer(float[][] weight, float[] bias) {
    }

    /** The compacted network, initialised on {@code manager}. */
    public static Mlp compact(Mlp masked, NDManager manager) {
        List<Layer> layers = read(masked);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int l = 0; l + 1 < layers.size(); l++) {
                Layer in = layers.get(l);
                Layer next = layers.get(l + 1);
                List<Integer> keep = new ArrayList<>();
                float[] nextBias = next.bias().clone();
                for (int j = 0; j < in.bias().length; j++) {
                    boolean noOutputs = true;
                    for (float[] row : next.weight()) {
                        noOutputs &= row[j] == 0f;
                    }
                    boolean noInputs = true;
                    for (float w : in.weight()[j]) {
                        noInputs &= w == 0f;
                    }
                    if (noOutputs) {
                        continue;
                    }
                    if (noInputs) {
                        float constant = Math.max(0f, in.bias()[j]);
                        for (int o = 0; o < nextBias.length; o++) {
                            nextBias[o] += next.weight()[o][j] * constant;
                        }
                        continue;
                    }
                    keep.add(j);
                }
                if (keep.isEmpty()) {
                    // Every neuron went: keep one that contributes nothing, so the layer still exists.
                    if (in.bias().length > 1 || in.bias()[0] != 0f || !allZero(in.weight())) {
                        changed = true;
                        layers.set(l, new Layer(new float[1][in.weight()[0].length], new float[1]));
                        layers.set(l + 1, new Layer(new float[next.weight().length][1], nextBias));
                    }
                } else if (keep.size() < in.bias().length) {
                    changed = true;
                    layers.set(l, new Layer(rows(in.weight(), keep), select(in.bias(), keep)));
                    layers.set(l + 1, new Layer(columns(next.weight(), keep), nextBias));
                }
            }
        }
        int[] widths = new int[layers.size() + 1];
        widths[0] = layers.get(0).weight()[0].length;
        for (int l = 0; l < layers.size(); l++) {
            widths[l + 1] = layers.get(l).bias().length;
        }
        Mlp out = new Mlp(widths, 0f);
        out.initialize(manager, 0);
        for (int l = 0; l < layers.size(); l++) {
            out.namedParameters().get("fc" + (l + 1) + ".weight").getArray()
                    .set(FloatBuffer.wrap(flatten(layers.get(l).weight())));
            out.namedParameters().get("fc" + (l + 1) + ".bias").getArray()
                    .set(FloatBuffer.wrap(layers.get(l).bias()));
        }
        return out;
    }

    private static List<Layer> read(Mlp mlp) {
        List<Layer> layers = new ArrayList<>();
        for (int l = 1; mlp.namedParameters().containsKey("fc" + l + ".weight"); l++) {
            var w = mlp.namedParameters().get("fc" + l + ".weight").getArray();
            int out = (int) w.getShape().get(0);
            int in = (int) w.getShape().get(1);
            float[] flat = w.toFloatArray();
            float[][] rows = new float[out][in];
            for (int o = 0; o < out; o++) {
                System.arraycopy(flat, o * in, rows[o], 0, in);
            }
            layers.add(new Layer(rows, mlp.namedParameters().get("fc" + l + ".bias").getArray().toFloatArray()));
        }
        return layers;
    }

    private static boolean allZero(float[][] w) {
        for (float[] row : w) {
            for (float v : row) {
                if (v != 0f) {
                    return false;
                }
            }
        }
        return true;
    }

    private static float[][] rows(float[][] w, List<Integer> keep) {
        float[][] out = new float[keep.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = w[keep.get(i)].clone();
        }
        return out;
    }

    private static float[][] columns(float[][] w, List<Integer> keep) {
        float[][] out = new float[w.length][keep.size()];
        for (int o = 0; o < w.length; o++) {
            for (int i = 0; i < keep.size(); i++) {
                out[o][i] = w[o][keep.get(i)];
            }
        }
        return out;
    }

    private static float[] select(float[] v, List<Integer> keep) {
        float[] out = new float[keep.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[keep.get(i)];
        }
        return out;
    }

    private static float[] flatten(float[][] w) {
        int in = w.length == 0 ? 0 : w[0].length;
        float[] out = new float[w.length * in];
        for (int o = 0; o < w.length; o++) {
            System.arraycopy(w[o], 0, out, o * in, in);
        }
        return out;
    }
}
