package org.mint4j.onnx;

import org.mint4j.prune.LayerPair;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.mint4j.deploy.Compaction;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.ChannelFamily.Role;
import org.mint4j.nn.Safetensors.Tensor;

/**
 * What is pruned together, read from the graph (Torch-Pruning's dependency graph, on ONNX): every
 * channel of every value is a node of a union-find; each operator joins its output channels to the
 * input channels they come from, by its {@link Operators.Channels} rule. Channels in one set live
 * or die together. Prunable layers write channels (their outputs) and read them (dense layers
 * through a weight column each). A value's channels lie along its channel axis: axis 1 from the
 * image on, the last axis after a Linear (tokens, channels-last maps), moved by Transpose.
 */
public final class Dependencies {

    private final OnnxModel model;
    private final ChannelAxes axes;
    private final ChannelSets sets;
    private final Map<String, Layer> layerByOutput = new HashMap<>();

    private Dependencies(OnnxModel model) {
        this.model = model;
        this.axes = new ChannelAxes(model);
        this.sets = new ChannelSets(axes);
        model.layers().forEach(l -> layerByOutput.put(l.output(), l));
        for (NodeProto node : model.nodes()) {
            couple(node);
        }
        sets.pin(model.inputName());
        sets.pin(model.outputName());
        sets.seal();
    }

    /**
     * Whether a layer reads its input's channels along the axis the graph carries them on: a Conv
     * along axis 1, a Gemm or MatMul along the last (a MatMul mixing tokens reads another axis,
     * and its input is then pinned instead of followed).
     */
    boolean readsChannels(Layer layer) {
        ChannelAxes.Layout at = axes.layout(layer.input());
        return at != null && !at.split() && at.axis() == layer.channelAxis(model.shape(layer.input()).dimension())
                && sets.width(layer.input()) == layer.inChannels();
    }

    /** Whether a layer's output keeps the batch on an axis of its own, so that it has a tap (per sample means). */
    boolean tapped(Layer layer) {
        return model.batch(layer.output()) != null;
    }

    /** How many channels a value has (see {@link ChannelAxes#width}). */
    int width(String value) {
        return sets.width(value);
    }

    public static Dependencies of(OnnxModel model) {
        return new Dependencies(model);
    }

    public List<Layer> layers() {
        return model.layers();
    }

    /** The coupled channel sets, grouped by the layers writing and reading them, in graph order. */
    public List<Coupling> couplings() {
        Map<Integer, Set<Integer>> writers = new HashMap<>();
        Map<Integer, Set<Integer>> readers = new HashMap<>();
        List<Layer> layers = model.layers();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            for (int c = 0; c < layer.outChannels(); c++) {
                writers.computeIfAbsent(sets.root(layer.output(), c), k -> new TreeSet<>()).add(l);
            }
            for (int c = 0; readsChannels(layer) && c < layer.inChannels(); c++) {
                readers.computeIfAbsent(sets.root(layer.input(), c), k -> new TreeSet<>()).add(l);
            }
        }
        Map<Coupling, Integer> counts = new LinkedHashMap<>();
        for (int e = 0; e < sets.size(); e++) {
            if (sets.root(e) != e || !writers.containsKey(e) && !readers.containsKey(e)) {
                continue;
            }
            Coupling key = new Coupling(names(writers.get(e)), names(readers.get(e)), 0, sets.isPinned(e));
            counts.merge(key, 1, Integer::sum);
        }
        List<Coupling> out = new ArrayList<>();
        counts.forEach((k, n) -> out.add(new Coupling(k.writers(), k.readers(), n, k.pinned())));
        return out;
    }

    /**
     * The channel families a channel plan ranks: every set that is not pinned and that a layer
     * writes, cut from every tensor compaction slices for it (the writers' filters and biases,
     * the dense readers' columns, the per-channel constants of BatchNorm, Add, Mul and the like).
     * Sets with the same tensors and slice widths form one family, named after its first writer
     * ({@code .heads} added for attention heads).
     * A set holding several runs of one tensor (an attention head's queries, keys and values in
     * one projection) has a cut per run.
     */
    public List<ChannelFamily> families() {
        record Key(String tensor, int axis, Role role) {
        }
        Map<Integer, Map<Key, List<Integer>>> byRoot = new LinkedHashMap<>();
        Map<String, String> layerOfWeight = new HashMap<>();
        for (Layer layer : model.layers()) {
            layerOfWeight.put(layer.weight(), layer.name());
            for (int c = 0; c < layer.outChannels(); c++) {
                int root = sets.root(layer.output(), c);
                add(byRoot, root, new Key(layer.weight(), 0, Role.WRITER), c);
                if (layer.bias() != null) {
                    add(byRoot, root, new Key(layer.bias(), 0, Role.OTHER), c);
                }
            }
            if (layer.dense() && readsChannels(layer)) {
                for (int c = 0; c < layer.inChannels(); c++) {
                    add(byRoot, sets.root(layer.input(), c), new Key(layer.weight(), 1, Role.READER), c);
                }
            }
        }
        for (NodeProto node : model.nodes()) {
            String out = node.getOutput(0);
            if (Operators.TABLE.get(node.getOpType()).channels() != Operators.Channels.SAME || !sets.has(out)) {
                continue;
            }
            for (int i = 0; i < node.getInputCount(); i++) {
                Tensor t = model.initializers().get(node.getInput(i));
                int axis = t == null ? -1 : channelAxis(node, t.shape());
                if (axis < 0) {
                    continue;
                }
                Role role = node.getOpType().equals("BatchNormalization") && i == 1 ? Role.NORM_SCALE : Role.OTHER;
                for (int c = 0; c < sets.width(out); c++) {
                    add(byRoot, sets.root(out, c), new Key(node.getInput(i), axis, role), c);
                }
            }
        }
        Set<Integer> headRoots = new HashSet<>();
        axes.values().stream().filter(v -> axes.layout(v).split())
                .forEach(v -> IntStream.range(0, sets.width(v)).forEach(e -> headRoots.add(sets.root(v, e))));
        Map<String, List<Integer>> rootsBySignature = new LinkedHashMap<>();
        Map<String, List<Key>> keysBySignature = new HashMap<>();
        byRoot.forEach((root, slices) -> {
            boolean written = slices.keySet().stream().anyMatch(k -> k.role() == Role.WRITER);
            if (sets.isPinned(root) || !written) {
                return;
            }
            StringBuilder signature = new StringBuilder();
            slices.forEach((k, idx) -> signature.append(k).append(':')
                    .append(runs(idx).stream().map(r -> r[1]).toList()).append(';'));
            rootsBySignature.computeIfAbsent(signature.toString(), x -> new ArrayList<>()).add(root);
            keysBySignature.putIfAbsent(signature.toString(), List.copyOf(slices.keySet()));
        });
        List<ChannelFamily> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        rootsBySignature.forEach((signature, roots) -> {
            List<ChannelFamily.Cut> cuts = new ArrayList<>();
            for (Key k : keysBySignature.get(signature)) {
                List<List<int[]>> runs = roots.stream().map(r -> runs(byRoot.get(r).get(k))).toList();
                for (int r = 0; r < runs.get(0).size(); r++) {
                    int run = r;
                    cuts.add(new ChannelFamily.Cut(k.tensor(), k.axis(), k.role(),
                            runs.stream().mapToInt(rs -> rs.get(run)[0]).toArray(), runs.get(0).get(r)[1]));
                }
            }
            String name = layerOfWeight.get(cuts.stream().filter(c -> c.role() == Role.WRITER).findFirst().orElseThrow()
                    .tensor()) + (headRoots.contains(roots.get(0)) ? ".heads" : "");
            String unique = name;
            for (int n = 2; !names.add(unique); n++) {
                unique = name + "#" + n;
            }
            out.add(new ChannelFamily(unique, roots.size(), List.copyOf(cuts)));
        });
        return out;
    }

    private static <K> void add(Map<Integer, Map<K, List<Integer>>> byRoot, int root, K key, int index) {
        byRoot.computeIfAbsent(root, r -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new ArrayList<>()).add(index);
    }

    /** Indices as runs of consecutive ones: {start, length} each, in order. */
    private static List<int[]> runs(List<Integer> indices) {
        List<int[]> out = new ArrayList<>();
        for (int i : new TreeSet<>(indices)) {
            int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last[0] + last[1] == i) {
                last[1]++;
            } else {
                out.add(new int[] {i, 1});
            }
        }
        return out;
    }

    /**
     * The axis along which a constant input of a channel-keeping node holds one value per channel
     * of its output, or -1: BatchNorm's four vectors along 0; other constants broadcast from the
     * last axis ([C, 1, 1] against [N, C, H, W], [C] against channels-last [N, H, W, C]).
     */
    int channelAxis(NodeProto node, long[] shape) {
        String out = node.getOutput(0);
        int rank = model.shape(out).dimension();
        int at = node.getOpType().equals("BatchNormalization") ? 0 : axes.axis(out) - (rank - shape.length);
        return at >= 0 && at < shape.length && shape[at] == sets.width(out) ? at : -1;
    }

    /**
     * MINT's layer pairs, derived from these channel sets ({@link GraphPairs#pairs}).
     *
     * @param skip children left out
     */
    public List<LayerPair> pairs(Grouping grouping, Set<String> skip) {
        return new GraphPairs(this).pairs(grouping, skip);
    }

    /**
     * The channels of every value that compaction keeps, given the weights held [outputs, inputs,
     * ...]: a set goes when it is not pinned and every dense layer reading it has all-zero columns
     * for it, since then nothing it holds reaches the output. A value never loses its last channel.
     */
    Map<String, List<Integer>> keptChannels(Map<String, Tensor> weights) {
        boolean[] read = new boolean[sets.size()];
        for (Layer layer : model.layers()) {
            if (layer.dense() && readsChannels(layer)) {
                Tensor w = weights.get(layer.weight());
                for (int c = 0; c < layer.inChannels(); c++) {
                    read[sets.root(layer.input(), c)] |= !Compaction.isZero(w, 1, c);
                }
            }
        }
        boolean[] removed = new boolean[sets.size()];
        for (int e = 0; e < sets.size(); e++) {
            removed[e] = sets.root(e) == e && !read[e] && !sets.isPinned(e);
        }
        Map<String, List<Integer>> kept = new LinkedHashMap<>();
        for (String v : sets.values()) {
            if (keep(v, removed).isEmpty()) {
                removed[sets.root(v, 0)] = false;
            }
        }
        sets.values().forEach(v -> kept.put(v, keep(v, removed)));
        return kept;
    }

    private List<Integer> keep(String value, boolean[] removed) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < sets.width(value); c++) {
            if (!removed[sets.root(value, c)]) {
                out.add(c);
            }
        }
        return out;
    }

    private List<String> names(Collection<Integer> layerIndices) {
        return layerIndices == null ? List.of()
                : layerIndices.stream().map(i -> model.layers().get(i).name()).toList();
    }

    private void couple(NodeProto node) {
        String out = node.getOutput(0);
        if (!sets.has(out)) {
            // A Shape reads no channel; the reshapes and slices that use its numbers are rewritten by compaction.
            if (!node.getOpType().equals("Shape")) {
                node.getInputList().forEach(sets::pin);
            }
            return;
        }
        List<String> inputs = node.getInputList().stream().filter(sets::has).toList();
        if (node.getInputList().stream().anyMatch(in -> untracked(node, in, out))) {
            // A constant made in the graph (an expanded class token, a Constant node) with one
            // value per channel: compaction would not cut it. Followed all the same, for pairs.
            inputs.forEach(sets::pin);
            sets.pin(out);
        }
        switch (Operators.TABLE.get(node.getOpType()).channels()) {
            case SAME -> inputs.forEach(in -> coupleAligned(in, out));
            case PERMUTE, UNSQUEEZE, SQUEEZE -> coupleBlocks(inputs.get(0), out, 1);
            case SPLIT -> {
                String in = inputs.get(0);
                int offset = 0;
                for (String part : node.getOutputList()) {
                    if (!splitsChannels(node)) {
                        coupleAligned(in, part);
                        continue;
                    }
                    for (int c = 0; c < sets.width(part); c++) {
                        sets.join(in, offset + c, part, c);
                    }
                    offset += sets.width(part);
                }
            }
            case SLICE -> coupleSlice(node, inputs.get(0), out);
            case REDUCE -> {
                // A mean or a normalisation over the channels mixes them all: none can go, since
                // without it the others would change (a normalisation still maps channel to channel).
                String in = inputs.get(0);
                boolean mixes = axes.reducedAxes(node, model.shape(in).dimension()).contains(axes.axis(in));
                // A Gather along the channels may reorder them: pinned, not followed.
                boolean follows = !mixes || sets.width(in) == sets.width(out) && !node.getOpType().equals("Gather");
                if (follows) {
                    coupleBlocks(in, out, 1);
                }
                if (mixes) {
                    sets.pin(in);
                    sets.pin(out);
                }
            }
            case LAYER -> {
                Layer layer = layerByOutput.get(out);
                if (layer == null && axes.layout(out).split()) {
                    coupleAttention(inputs, out);
                } else if (layer == null || !readsChannels(layer) || !layer.dense() && !layer.depthwise()) {
                    inputs.forEach(sets::pin);
                    sets.pin(out);
                } else if (layer.depthwise()) {
                    // Output channel o reads input channel o / multiplier alone.
                    coupleBlocks(layer.input(), out, layer.outChannels() / layer.inChannels());
                }
            }
            case CONCAT -> {
                if (model.shape(inputs.get(0)).dimension() != model.shape(out).dimension()) {
                    inputs.forEach(sets::pin);
                    sets.pin(out);
                } else if (concatAxis(node) != axes.axis(out)) {
                    inputs.forEach(in -> coupleAligned(in, out)); // joined along tokens or space: same channels
                } else {
                    int offset = 0;
                    for (String in : node.getInputList()) {
                        if (sets.has(in)) {
                            for (int c = 0; c < sets.width(in); c++) {
                                sets.join(in, c, out, offset + c);
                            }
                        }
                        Shape shape = model.initializers().containsKey(in)
                                ? new Shape(model.initializers().get(in).shape()) : model.shape(in);
                        offset += (int) shape.get(concatAxis(node));
                    }
                }
            }
            case FLATTEN -> {
                String in = inputs.get(0);
                boolean elementwise = axes.reshapesElementwise(out);
                int block = elementwise ? 1 : reshapeBlock(in, out);
                if (block > 0) {
                    coupleBlocks(in, out, block);
                }
                if (elementwise && axes.layout(out).split() && !axes.layout(in).split()) {
                    joinHeads(out); // the reshape names the head size: a head goes whole
                }
                if (block == 0 || !resizable(node, axes.resizedAxis(out))) {
                    sets.pin(in);
                    sets.pin(out);
                }
            }
        }
    }

    /**
     * A Slice along the channel axis keeps channels start, start + step, ...: they are followed, so
     * that a layer reading the slice pairs with their writer (queries, keys and values cut from one
     * projection). Compaction rewrites the bounds of a slice with step 1 along the channels alone
     * ({@link #channelSlice}); any other is pinned. Along other axes a Slice keeps every channel.
     */
    private void coupleSlice(NodeProto node, String in, String out) {
        ChannelSlice slice = channelSlice(node);
        if (slice == null) {
            coupleAligned(in, out);
            return;
        }
        for (int c = 0; c < sets.width(out); c++) {
            sets.join(in, slice.start() + c * slice.step(), out, c);
        }
        if (!slice.rewritable()) {
            sets.pin(in);
            sets.pin(out);
        }
    }

    /**
     * A Slice's cut along its input's channels.
     *
     * @param start the first channel kept
     * @param step channels between those kept
     * @param rewritable whether the slice cuts the channels alone with step 1, so that compaction
     *     can give it new bounds
     */
    record ChannelSlice(int start, int step, boolean rewritable) {
    }

    /** A Slice node's cut along its input's channels; null when it slices other axes only (or its input has no channels). */
    ChannelSlice channelSlice(NodeProto node) {
        String in = node.getInput(0);
        if (!sets.has(in) || !sets.has(node.getOutput(0))) {
            return null;
        }
        long[] starts = model.integerAtImport(node.getInput(1));
        long[] sliced = node.getInputCount() > 3 && !node.getInput(3).isEmpty()
                ? model.integerAtImport(node.getInput(3)) : null;
        long[] steps = node.getInputCount() > 4 && !node.getInput(4).isEmpty()
                ? model.integerAtImport(node.getInput(4)) : null;
        int rank = model.shape(in).dimension();
        for (int i = 0; i < starts.length; i++) {
            if ((sliced == null ? i : ChannelAxes.normalised(sliced[i], rank)) == axes.axis(in)) {
                int step = steps == null ? 1 : (int) steps[i];
                return new ChannelSlice((int) ShapeOperators.clamp(starts[i], sets.width(in)), step,
                        step == 1 && starts.length == 1);
            }
        }
        return null;
    }

    /**
     * Whether a Split cuts its input along the channels (each part the next run of them, whose
     * sizes compaction rewrites) rather than along another axis.
     */
    boolean splitsChannels(NodeProto node) {
        String in = node.getInput(0);
        return sets.has(in) && sets.has(node.getOutput(0))
                && ChannelAxes.normalised(Call.integer(node, "axis", 0), model.shape(in).dimension()) == axes.axis(in);
    }

    /**
     * The axis of a Reshape's target that compaction sets to -1 when the reshape's input loses
     * channels, or -1 when the target needs no rewriting (a Flatten, or -1 there already).
     */
    int freedAxis(NodeProto node) {
        String out = node.getOutput(0);
        if (!node.getOpType().equals("Reshape") || !sets.has(out) || !sets.has(node.getInput(0))) {
            return -1;
        }
        int axis = axes.resizedAxis(out);
        return model.integerAtImport(node.getInput(1))[axis] == -1 ? -1 : axis;
    }

    /** Whether compaction can resize a Reshape's output along {@code axis}: no other entry of its target is -1. */
    private boolean resizable(NodeProto node, int axis) {
        if (!node.getOpType().equals("Reshape")) {
            return true;
        }
        long[] target = model.integerAtImport(node.getInput(1));
        for (int d = 0; d < target.length; d++) {
            if (target[d] == -1 && d != axis) {
                return false;
            }
        }
        return true;
    }

    /**
     * Attention's MatMuls of two activations ({@link ChannelAxes}): every channel of a head of either
     * input with that head of the output.
     */
    private void coupleAttention(List<String> inputs, String out) {
        for (String in : inputs) {
            int per = axes.perHead(in);
            for (int e = 0; e < sets.width(in); e++) {
                sets.join(in, e, out, e / per * axes.perHead(out));
            }
        }
        joinHeads(out);
    }

    /** Every channel of each head of a value in one set. */
    private void joinHeads(String value) {
        int per = axes.perHead(value);
        for (int e = 0; e < sets.width(value); e++) {
            sets.join(value, e, value, e / per * per);
        }
    }

    /**
     * Whether an input holds one value per channel of the output that the graph does not follow:
     * not a value with channels, not an initializer (whose slices compaction cuts), but sized
     * like the output along its channel axis; for a Concat, any input of data rank that is not
     * followed (its slice could not be cut); for an Expand, a target naming the channel count.
     */
    private boolean untracked(NodeProto node, String in, String out) {
        if (in.isEmpty() || sets.has(in)) {
            return false;
        }
        Shape outShape = model.shape(out);
        if (node.getOpType().equals("Expand") && in.equals(node.getInput(1))) {
            long[] target = model.integerAtImport(in);
            int at = axes.axis(out) - (outShape.dimension() - target.length);
            return at >= 0 && target[at] > 1;
        }
        Shape shape = model.initializers().containsKey(in) ? null : model.shape(in);
        if (node.getOpType().equals("Concat")) {
            shape = model.initializers().containsKey(in) ? new Shape(model.initializers().get(in).shape()) : shape;
            return shape != null && shape.dimension() == outShape.dimension();
        }
        if (shape == null || shape.dimension() < 2) {
            return false;
        }
        int at = axes.axis(out) - (outShape.dimension() - shape.dimension());
        return at >= 0 && shape.get(at) == sets.width(out) && sets.width(out) > 1;
    }

    /**
     * An elementwise input's channels with the output's: one for one when they line up, nothing
     * for a broadcast single channel, otherwise neither can be followed.
     */
    private void coupleAligned(String in, String out) {
        int inRank = model.shape(in).dimension();
        int outRank = model.shape(out).dimension();
        boolean aligned = outRank - axes.axis(out) == inRank - axes.axis(in);
        if (aligned && sets.width(in) == sets.width(out)) {
            coupleBlocks(in, out, 1);
        } else if (!aligned || sets.width(in) != 1) {
            sets.pin(in);
            sets.pin(out);
        }
    }

    /**
     * How many consecutive output features each input channel becomes through a Reshape or Flatten:
     * 1 when the channel axis stays as it was (the axes before it kept, or every axis from it on),
     * the size of the rest when the channels are flattened with every axis after them; 0 when the
     * channels cannot be followed (split, or merged with an axis before them).
     */
    private int reshapeBlock(String in, String out) {
        Shape from = model.shape(in);
        Shape to = model.shape(out);
        int a = axes.axis(in);
        int b = axes.axis(out);
        boolean leading = a == b && to.dimension() > a && from.slice(0, a).equals(to.slice(0, a));
        if (ChannelAxes.keepsTrailingAxes(from, to, a) || leading && to.get(a) == from.get(a)) {
            return 1;
        }
        boolean flattens = leading && to.dimension() == a + 1 && to.get(a) == from.slice(a).size();
        return flattens ? (int) (to.get(a) / from.get(a)) : 0;
    }

    /** Channel c of {@code in} with channels c * block ... (c + 1) * block - 1 of {@code out}. */
    private void coupleBlocks(String in, String out, int block) {
        for (int f = 0; f < sets.width(out); f++) {
            sets.join(in, f / block, out, f);
        }
    }

    private int concatAxis(NodeProto node) {
        long axis = node.getAttributeList().stream().filter(a -> a.getName().equals("axis")).mapToLong(a -> a.getI())
                .findFirst().orElse(1);
        return (int) (axis < 0 ? axis + model.shape(node.getOutput(0)).dimension() : axis);
    }


    /** The set that channel {@code channel} of {@code value} belongs to, named by its root. */
    int root(String value, int channel) {
        return sets.root(value, channel);
    }

    OnnxModel model() {
        return model;
    }

    ChannelAxes axes() {
        return axes;
    }

}
