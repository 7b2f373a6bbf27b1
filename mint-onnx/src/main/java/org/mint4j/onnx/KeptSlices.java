package org.mint4j.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mint4j.deploy.Compaction;
import org.mint4j.nn.Safetensors.Tensor;
import org.mint4j.prune.TensorCosts;

/**
 * What compaction keeps of each initializer: per tensor, the kept indices along each axis it cuts
 * (a layer's filters and input columns, the per-channel constants of BatchNorm, Add and Mul), and
 * the new group count of each depthwise conv. Found once from weights held [outputs, inputs, ...]
 * (see {@link Dependencies#keptChannels}); it cuts tensors down ({@link #select}) and puts the
 * values of a compacted tensor back in place in the full one ({@link #expand}).
 */
final class KeptSlices {

    private final Map<String, TreeMap<Integer, List<Integer>>> byTensor = new LinkedHashMap<>();
    private final Map<String, Long> groups = new LinkedHashMap<>();

    private KeptSlices() {
    }

    /** The slices that the model's compaction keeps, given its weights in held layout. */
    static KeptSlices of(OnnxModel model, Map<String, Tensor> weights) {
        Dependencies dependencies = Dependencies.of(model);
        Map<String, List<Integer>> kept = dependencies.keptChannels(weights);
        KeptSlices slices = new KeptSlices();
        for (Layer layer : model.layers()) {
            List<Integer> outputs = kept.get(layer.output());
            slices.cut(weights, layer.weight(), 0, outputs);
            if (layer.dense() && dependencies.readsChannels(layer)) {
                slices.cut(weights, layer.weight(), 1, kept.get(layer.input()));
            } else if (layer.depthwise() && dependencies.readsChannels(layer)) {
                slices.groups.put(layer.output(), (long) kept.get(layer.input()).size());
            }
            if (layer.bias() != null) {
                slices.cut(weights, layer.bias(), 0, outputs);
            }
        }
        for (NodeProto node : model.nodes()) {
            if (Operators.TABLE.get(node.getOpType()).channels() == Operators.Channels.SAME
                    && kept.containsKey(node.getOutput(0))) {
                for (String name : node.getInputList()) {
                    Tensor t = weights.get(name);
                    int axis = t == null ? -1 : dependencies.channelAxis(node, t.shape());
                    if (axis >= 0) {
                        slices.cut(weights, name, axis, kept.get(node.getOutput(0)));
                    }
                }
            }
        }
        return slices;
    }

    private void cut(Map<String, Tensor> weights, String name, int axis, List<Integer> keep) {
        if (keep.size() < weights.get(name).shape()[axis]) {
            List<Integer> before = byTensor.computeIfAbsent(name, n -> new TreeMap<>()).putIfAbsent(axis, keep);
            if (before != null && !before.equals(keep)) {
                throw new IllegalStateException(name + " is cut two ways along axis " + axis);
            }
        }
    }

    /** Every tensor cut down to its kept slices; tensors that lose nothing are the same objects. */
    Map<String, Tensor> select(Map<String, Tensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>(tensors);
        byTensor.forEach((name, axes) -> {
            Tensor t = out.get(name);
            for (Map.Entry<Integer, List<Integer>> a : axes.entrySet()) {
                t = Compaction.along(t, a.getKey(), a.getValue());
            }
            out.put(name, t);
        });
        return out;
    }

    /** New group counts of depthwise convs, by output value. */
    Map<String, Long> groups() {
        return groups;
    }

    /**
     * The full tensor of shape {@code shape} holding {@code compacted} at its kept positions and
     * zero at the removed ones.
     */
    Tensor expand(String name, Tensor compacted, long[] shape) {
        Map<Integer, List<Integer>> axes = byTensor.getOrDefault(name, new TreeMap<>());
        float[] out = new float[Math.toIntExact(TensorCosts.elements(shape))];
        long[] small = compacted.shape();
        int[] index = new int[small.length];
        for (int i = 0; i < compacted.values().length; i++) {
            long target = 0;
            for (int d = 0; d < small.length; d++) {
                List<Integer> keep = axes.get(d);
                target = target * shape[d] + (keep == null ? index[d] : keep.get(index[d]));
            }
            out[(int) target] = compacted.values()[i];
            for (int d = small.length - 1; d >= 0 && ++index[d] == small[d]; d--) {
                index[d] = 0;
            }
        }
        return new Tensor(shape, out);
    }
}
