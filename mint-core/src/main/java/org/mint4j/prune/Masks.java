package org.mint4j.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.Safetensors;
import org.mint4j.train.StepConstraint;

/**
 * Element masks on weights, by PyTorch name (1 keep, 0 zero). Applied to the weights once and to
 * the gradients before every optimizer step, so that masked weights, their momentum and their
 * weight decay stay exactly zero throughout retraining.
 */
public final class Masks {

    private final Map<String, float[]> masks = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    /** Combines {@code mask} into the mask of {@code weight} (element-wise product). */
    public void multiply(String weight, long[] shape, float[] mask) {
        float[] current = masks.get(weight);
        if (current == null) {
            masks.put(weight, mask.clone());
            shapes.put(weight, shape.clone());
            return;
        }
        for (int i = 0; i < current.length; i++) {
            current[i] *= mask[i];
        }
    }

    public Map<String, float[]> byWeight() {
        return masks;
    }

    /** Writes the masks as a safetensors file of 0/1 tensors named after their weights. */
    public void write(java.nio.file.Path file) {
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        masks.forEach((name, mask) -> tensors.put(name, new Safetensors.Tensor(shapes.get(name), mask)));
        Safetensors.write(file, tensors, Map.of("format", "mint4j-masks"));
    }

    /** Reads masks written by {@link #write}. */
    public static Masks read(java.nio.file.Path file) {
        Masks out = new Masks();
        Safetensors.read(file).forEach((name, t) -> out.multiply(name, t.shape(), t.values()));
        return out;
    }

    /** Zeroed elements of one weight. */
    public long zeros(String weight) {
        long n = 0;
        for (float v : masks.get(weight)) {
            if (v == 0f) {
                n++;
            }
        }
        return n;
    }

    /** Binds the masks to a network: arrays on its manager, ready for {@link Bound#applyToWeights}. */
    public Bound bind(PrunableNetwork network, NDManager manager) {
        Map<Parameter, NDArray> bound = new LinkedHashMap<>();
        Map<String, Parameter> params = network.namedParameters();
        masks.forEach((name, mask) -> {
            Parameter p = params.get(name);
            if (p == null) {
                throw new IllegalArgumentException("mask for '" + name + "', which the " + network.architecture()
                        + " network does not have");
            }
            if (!java.util.Arrays.equals(p.getShape().getShape(), shapes.get(name))) {
                throw new IllegalArgumentException("mask for '" + name + "' has shape " + new Shape(shapes.get(name))
                        + " but the weight has " + p.getShape());
            }
            NDArray m = manager.create(mask, new Shape(shapes.get(name)));
            bound.put(p, m);
        });
        return new Bound(bound);
    }

    /** Masks attached to a network's parameters, kept by the training loop. */
    public static final class Bound implements StepConstraint {
        private final Map<Parameter, NDArray> masks;

        private Bound(Map<Parameter, NDArray> masks) {
            this.masks = masks;
        }

        @Override
        public void beforeTraining() {
            applyToWeights();
        }

        @Override
        public void beforeUpdate() {
            masks.forEach((p, m) -> p.getArray().getGradient().muli(m));
        }

        public void applyToWeights() {
            masks.forEach((p, m) -> p.getArray().muli(m));
        }

    }
}
