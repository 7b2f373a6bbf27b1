package org.mint4j.onnx;

import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each value of a graph holds its channels, for {@link Dependencies}: along one axis (1 from
 * the image on, the last after a Linear, moved by Transpose), and, after a Reshape that splits the
 * channels into heads x head size, with the heads on an axis of their own or merged into the
 * batch: channel {@code e = h x perHead + j} is head {@code h} on the head axis and {@code j} on
 * the channel axis. Queries times keys leave only the heads (one channel per head, on the head
 * axis); attention weights times values bring the head size back; a Reshape merging heads and head
 * size gives plain channels again. Values with no channels of their own (shape arithmetic, an
 * expanded constant) have no layout.
 */
final class ChannelAxes {

    /**
     * A value's channels.
     *
     * @param axis the axis holding them (the head size, when split into heads)
     * @param heads 1, or how many heads they are split into
     * @param headAxis the axis holding the heads (innermost within it, outside any batch merged in), or -1
     */
    record Layout(int axis, int heads, int headAxis) {

        static Layout plain(int axis) {
            return new Layout(axis, 1, -1);
        }

        boolean split() {
            return heads > 1;
        }

        /** Only the heads are left (attention scores): one channel per head, on the head axis. */
        boolean headsOnly() {
            return split() && axis == headAxis;
        }
    }

    private final OnnxModel model;
    private final Map<String, Layout> layouts = new LinkedHashMap<>();
    /** Reshapes whose output holds the input's channels element for element (kept, split into heads or merged). */
    private final Set<String> elementwiseReshapes = new HashSet<>();

    ChannelAxes(OnnxModel model) {
        this.model = model;
        layouts.put(model.inputName(), Layout.plain(1));
        for (NodeProto node : model.nodes()) {
            for (String output : node.getOutputList()) {
                Shape s = model.shape(output);
                Layout out = s == null || s.dimension() < 2 ? null : outputLayout(node, output, s.dimension());
                if (out != null && out.axis() >= 0) {
                    layouts.put(output, out);
                }
            }
        }
    }

    /** The values that have channels, in graph order. */
    Set<String> values() {
        return Collections.unmodifiableSet(layouts.keySet());
    }

    boolean has(String value) {
        return layouts.containsKey(value);
    }

    Layout layout(String value) {
        return layouts.get(value);
    }

    int axis(String value) {
        return layouts.get(value).axis();
    }

    /** How many channels a value has: its channel axis, times its heads when split into heads. */
    int width(String value) {
        Layout l = layouts.get(value);
        return (int) model.shape(value).get(l.axis()) * (l.split() && !l.headsOnly() ? l.heads() : 1);
    }

    /** Channels per head: the head size, 1 for heads alone, the width for plain channels. */
    int perHead(String value) {
        return width(value) / layouts.get(value).heads();
    }

    /** Whether a Reshape keeps its input's channels element for element (its output's layout says how). */
    boolean reshapesElementwise(String output) {
        return elementwiseReshapes.contains(output);
    }

    /**
     * The axis of a Reshape's output whose size changes when channels go: the heads' when its
     * output is split into heads (the head size stays), else the channels'.
     */
    int resizedAxis(String output) {
        Layout l = layouts.get(output);
        return l.split() ? l.headAxis() : l.axis();
    }

    /**
     * The layout of a node's output, from its inputs' and the operator's rule; null for a value made
     * from constants alone (an expanded class token), or for heads an operator would mix.
     */
    private Layout outputLayout(NodeProto node, String output, int rank) {
        Operators.Channels rule = Operators.TABLE.get(node.getOpType()).channels();
        List<String> tracked = node.getInputList().stream().filter(layouts::containsKey).toList();
        if (rule == Operators.Channels.LAYER) {
            Layout attention = node.getOpType().equals("MatMul") && tracked.size() == 2
                    ? attention(layouts.get(tracked.get(0)), layouts.get(tracked.get(1)), rank) : null;
            return attention != null ? attention : Layout.plain(node.getOpType().equals("Conv") ? 1 : rank - 1);
        }
        // The data input of the output's rank (broadcast operands may have fewer axes), else any.
        String data = tracked.stream().filter(in -> model.shape(in).dimension() == rank).findFirst()
                .orElse(tracked.isEmpty() ? null : tracked.get(0));
        if (data == null) {
            return null;
        }
        Layout in = layouts.get(data);
        int inRank = model.shape(data).dimension();
        if (rule == Operators.Channels.FLATTEN) {
            Layout out = reshaped(in, model.shape(data), model.shape(output));
            if (out != null) {
                elementwiseReshapes.add(output);
                return out;
            }
            return in.split() ? null : Layout.plain(Math.min(rank - 1,
                    keepsTrailingAxes(model.shape(data), model.shape(output), in.axis())
                            ? in.axis() + rank - inRank : in.axis()));
        }
        if (in.split() && rule != Operators.Channels.SAME && rule != Operators.Channels.PERMUTE
                && rule != Operators.Channels.REDUCE) {
            return null;
        }
        if (rule == Operators.Channels.REDUCE && in.split()
                && (rank != inRank || reducedAxes(node, inRank).contains(in.headAxis()))) {
            return null;
        }
        if (rule == Operators.Channels.SQUEEZE && squeezedAxes(node, inRank).contains(in.axis())) {
            return null;
        }
        int at = moved(node, rule, in.axis(), inRank, rank);
        int headAt = in.split() ? moved(node, rule, in.headAxis(), inRank, rank) : -1;
        // A reshape to fewer axes than the channels' (tokens and batch merged): the rule pins it.
        return new Layout(Math.min(at, rank - 1), in.heads(), headAt);
    }

    /** Where an input's axis {@code in} lands in the output. */
    private int moved(NodeProto node, Operators.Channels rule, int in, int inRank, int rank) {
        return switch (rule) {
            case PERMUTE -> indexOf(permutation(node, inRank), in);
            case UNSQUEEZE -> unsqueezedAxis(node, in, rank);
            case SQUEEZE -> in - (int) squeezedAxes(node, inRank).stream().filter(a -> a < in).count();
            case REDUCE -> reducedAxes(node, inRank).contains(in) || rank == inRank ? in
                    : in - (int) reducedAxes(node, inRank).stream().filter(a -> a < in).count();
            // Broadcasting aligns axes from the last: an axis keeps its distance from the end.
            case SAME -> Math.max(0, in + rank - inRank);
            default -> in;
        };
    }

    /**
     * A MatMul of two activations that are split into the same heads on the same batch axis:
     * queries (channels last) times keys (channels second to last) leave the heads alone; weights
     * (heads alone) times values (channels last) give the values' channels. Null for anything else.
     */
    private static Layout attention(Layout a, Layout b, int rank) {
        if (a == null || b == null || !a.split() || a.heads() != b.heads() || a.headAxis() != b.headAxis()
                || a.headAxis() >= rank - 2) {
            return null;
        }
        if (!a.headsOnly() && !b.headsOnly() && a.axis() == rank - 1 && b.axis() == rank - 2) {
            return new Layout(a.headAxis(), a.heads(), a.headAxis());
        }
        if (a.headsOnly() && !b.headsOnly() && b.axis() == rank - 1) {
            return new Layout(rank - 1, a.heads(), a.headAxis());
        }
        return null;
    }

    /**
     * A Reshape's output layout when it keeps the channels element for element, found from strides
     * (elements between neighbours along an axis, at batch 1): the channels kept on one axis, split
     * into heads x head size (heads outside the head size), heads and head size merged back, or
     * heads moved to another axis. Null when none of these holds (a flatten with positions, a
     * shuffle).
     */
    private static Layout reshaped(Layout in, Shape from, Shape to) {
        long channelStride = stride(from, in.axis());
        if (in.headsOnly()) {
            int h = axisWith(to, stride(from, in.headAxis()), in.heads(), true);
            return h < 0 ? null : new Layout(h, in.heads(), h);
        }
        long perHead = from.get(in.axis());
        if (in.split()) {
            long headStride = stride(from, in.headAxis());
            int merged = headStride == channelStride * perHead
                    ? axisWith(to, channelStride, perHead * in.heads(), false) : -1;
            if (merged >= 0) {
                return Layout.plain(merged);
            }
            int c = axisWith(to, channelStride, perHead, false);
            int h = axisWith(to, headStride, in.heads(), true);
            return c < 0 || h < 0 ? null : new Layout(c, in.heads(), h);
        }
        // A single channel is not told apart from the batch at batch 1: the flatten rule follows it.
        int kept = perHead > 1 ? axisWith(to, channelStride, perHead, false) : -1;
        if (kept >= 0) {
            return Layout.plain(kept);
        }
        for (int c = 0; c < to.dimension(); c++) {
            long size = to.get(c);
            if (stride(to, c) == channelStride && size > 1 && size < perHead && perHead % size == 0) {
                int h = axisWith(to, channelStride * size, perHead / size, true);
                return h < 0 ? null : new Layout(c, (int) (perHead / size), h);
            }
        }
        return null;
    }

    /** The axis with this stride whose size is {@code size} (or, {@code within}, a multiple of it); -1 if none. */
    private static int axisWith(Shape shape, long stride, long size, boolean within) {
        for (int d = 0; d < shape.dimension(); d++) {
            if (stride(shape, d) == stride && (shape.get(d) == size || within && shape.get(d) % size == 0)) {
                return d;
            }
        }
        return -1;
    }

    private static long stride(Shape shape, int axis) {
        return shape.slice(axis + 1).size();
    }

    /** Whether a reshape leaves the channel axis and every axis after it as they were (splitting or merging before). */
    static boolean keepsTrailingAxes(Shape from, Shape to, int channelAxis) {
        int trailing = from.dimension() - channelAxis;
        return to.dimension() >= trailing && from.slice(channelAxis).equals(to.slice(to.dimension() - trailing));
    }

    /** Where axis {@code in} lands when Unsqueeze inserts its axes (counted in the output's rank). */
    private int unsqueezedAxis(NodeProto node, int in, int rank) {
        long[] axes = node.getInputCount() > 1 ? model.integerAtImport(node.getInput(1)) : Call.integers(node, "axes");
        int at = in;
        for (int a : Arrays.stream(axes).mapToInt(x -> normalised(x, rank)).sorted().toArray()) {
            if (a <= at) {
                at++;
            }
        }
        return at;
    }

    /** The axes a Squeeze drops: those it names, else every axis of size 1 (at import). */
    private List<Integer> squeezedAxes(NodeProto node, int rank) {
        long[] axes = node.getInputCount() > 1 ? model.integerAtImport(node.getInput(1)) : Call.integers(node, "axes");
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            int at = d;
            if (axes == null ? model.shape(node.getInput(0)).get(d) == 1
                    : Arrays.stream(axes).anyMatch(a -> normalised(a, rank) == at)) {
                out.add(d);
            }
        }
        return out;
    }

    private static long[] permutation(NodeProto node, int rank) {
        long[] perm = Call.integers(node, "perm");
        if (perm == null) {
            perm = new long[rank];
            for (int d = 0; d < rank; d++) {
                perm[d] = rank - 1 - d;
            }
        }
        return perm;
    }

    private static int indexOf(long[] perm, int axis) {
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] == axis) {
                return i;
            }
        }
        throw new IllegalArgumentException("permutation " + Arrays.toString(perm) + " lacks axis " + axis);
    }

    /**
     * The axes a ReduceMean reduces, a Softmax normalises over, a Gather selects along, or a
     * LayerNormalization normalises (axis onwards).
     */
    List<Integer> reducedAxes(NodeProto node, int rank) {
        List<Integer> out = new ArrayList<>();
        switch (node.getOpType()) {
            case "Softmax" -> out.add(normalised(Call.integer(node, "axis", model.opset() < 13 ? 1 : -1), rank));
            case "Gather" -> out.add(normalised(Call.integer(node, "axis", 0), rank));
            case "LayerNormalization" -> {
                for (int d = normalised(Call.integer(node, "axis", -1), rank); d < rank; d++) {
                    out.add(d);
                }
            }
            default -> {
                long[] axes = Call.integers(node, "axes");
                for (int d = 0; d < rank; d++) {
                    int at = d;
                    if (axes == null || Arrays.stream(axes).anyMatch(x -> normalised(x, rank) == at)) {
                        out.add(d);
                    }
                }
            }
        }
        return out;
    }

    static int normalised(long axis, int rank) {
        return (int) (axis < 0 ? axis + rank : axis);
    }
}
