package org.mint4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mint4j.deploy.Compaction;
import org.mint4j.nn.Safetensors.Tensor;
import org.mint4j.prune.TensorCosts;

/**
 * What compaction keeps of each initializer: per tensor, the kept indices along each axis it cuts
 * (a layer's filters and input columns, the per-channel constants of BatchNorm, Add and Mul); and
 * the nodes it rewrites: the group count of each depthwise conv, the bounds of a Slice and the
 * part sizes of a Split along the channels, and the target of a Reshape whose output shrinks (-1
 * on that axis). Found once from
 * weights held [outputs, inputs, ...] (see {@link Dependencies#keptChannels}); it cuts tensors
 * down ({@link #select}), rewrites nodes ({@link #addNode}) and puts the values of a compacted
 * tensor back in place in the full one ({@link #expand}).
 */
final class KeptSlices {

    private final Map<String, TreeMap<Integer, List<Integer>>> byTensor = new LinkedHashMap<>();
    private final Map<String, Long> groups = new LinkedHashMap<>();
    /** Reshapes by output: the axis of the target to set to -1. */
    private final Map<String, Integer> freedAxes = new LinkedHashMap<>();
    /** Slices along the channels by output: the new start and end. */
    private final Map<String, long[]> bounds = new LinkedHashMap<>();
    /** Splits along the channels by first output: the new part sizes. */
    private final Map<String, long[]> parts = new LinkedHashMap<>();

    private KeptSlices() {
    }

    /** Nothing cut, no node rewritten: the graph as imported. */
    static KeptSlices none() {
        return new KeptSlices();
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
            String in = node.getInputCount() == 0 ? "" : node.getInput(0);
            boolean shrinks = kept.containsKey(in) && kept.get(in).size() < dependencies.width(in);
            int freed = dependencies.freedAxis(node);
            if (shrinks && freed >= 0) {
                slices.freedAxes.put(node.getOutput(0), freed);
            }
            Dependencies.ChannelSlice slice = node.getOpType().equals("Slice") ? dependencies.channelSlice(node) : null;
            if (shrinks && node.getOpType().equals("Split") && dependencies.splitsChannels(node)) {
                slices.parts.put(node.getOutput(0), node.getOutputList().stream().mapToLong(o -> kept.get(o).size())
                        .toArray());
            }
            if (shrinks && slice != null) {
                long start = kept.get(in).stream().filter(c -> c < slice.start()).count();
                slices.bounds.put(node.getOutput(0), new long[] {start, start + kept.get(node.getOutput(0)).size()});
            }
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

    /**
     * Adds a node of the imported graph to {@code graph} as compaction leaves it: a depthwise conv
     * with its new group count, a Slice with constant new bounds, a Reshape whose target has -1 on
     * the axis that shrinks (a constant target rewritten; a computed one multiplied and added to).
     */
    void addNode(OnnxModel model, NodeProto node, GraphProto.Builder graph) {
        String out = node.getOutput(0);
        NodeProto.Builder b = node.toBuilder();
        if (groups.containsKey(out)) {
            b.clearAttribute();
            for (AttributeProto a : node.getAttributeList()) {
                b.addAttribute(a.getName().equals("group") ? a.toBuilder().setI(groups.get(out)).build() : a);
            }
        }
        if (parts.containsKey(out)) {
            if (model.opset() >= 13) {
                graph.addInitializer(OnnxTensors.int64(out + "/mint4j_split", parts.get(out)));
                while (b.getInputCount() < 2) {
                    b.addInput("");
                }
                b.setInput(1, out + "/mint4j_split");
            } else {
                List<AttributeProto> others = b.getAttributeList().stream().filter(a -> !a.getName().equals("split"))
                        .toList();
                b.clearAttribute().addAllAttribute(others).addAttribute(AttributeProto.newBuilder().setName("split")
                        .setType(AttributeProto.AttributeType.INTS)
                        .addAllInts(Arrays.stream(parts.get(out)).boxed().toList()));
            }
        }
        if (bounds.containsKey(out)) {
            graph.addInitializer(OnnxTensors.int64(out + "/mint4j_starts", new long[] {bounds.get(out)[0]}));
            graph.addInitializer(OnnxTensors.int64(out + "/mint4j_ends", new long[] {bounds.get(out)[1]}));
            b.setInput(1, out + "/mint4j_starts").setInput(2, out + "/mint4j_ends");
        }
        if (freedAxes.containsKey(out)) {
            int axis = freedAxes.get(out);
            String target = out + "/mint4j_target";
            long[] before = model.integerAtImport(node.getInput(1));
            if (model.integerConstant(node.getInput(1)) != null) {
                long[] after = before.clone();
                after[axis] = -1;
                graph.addInitializer(OnnxTensors.int64(target, after));
            } else {
                long[] keep = new long[before.length];
                long[] free = new long[before.length];
                Arrays.fill(keep, 1);
                keep[axis] = 0;
                free[axis] = -1;
                graph.addInitializer(OnnxTensors.int64(target + "_keep", keep));
                graph.addInitializer(OnnxTensors.int64(target + "_free", free));
                graph.addNode(NodeProto.newBuilder().setOpType("Mul").setName(target + "_kept")
                        .addInput(node.getInput(1)).addInput(target + "_keep").addOutput(target + "_kept"));
                graph.addNode(NodeProto.newBuilder().setOpType("Add").setName(target)
                        .addInput(target + "_kept").addInput(target + "_free").addOutput(target));
            }
            b.setInput(1, target);
        }
        graph.addNode(b);
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
