package org.mint4j.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mint4j.nn.Safetensors.Tensor;

/**
 * Chains of nodes that the forward pass runs as one engine call, as ONNX Runtime fuses them.
 * torch.onnx writes GELU, and LayerNorm before opset 17, as chains of elementwise nodes, and each
 * node costs the backward pass a full-size array or more. Only the execution changes: the import's
 * shape pass, the analysis and exports see every node. A chain's inner values have no reader
 * outside it, so no tap or later node reads them.
 */
final class FusedChains {

    /**
     * Nodes {@code nodes}, in graph order, computed at once from {@code inputs} into the last one's
     * output; {@code name} says what they compute, in errors.
     */
    record Chain(String name, List<Integer> nodes, List<String> inputs, Function<List<NDArray>, NDArray> compute) {

        int last() {
            return nodes.get(nodes.size() - 1);
        }
    }

    private final OnnxModel model;
    private final List<NodeProto> nodes;
    /** Per value, the nodes that read it, in graph order. */
    private final Map<String, List<Integer>> readers = new HashMap<>();

    private FusedChains(OnnxModel model) {
        this.model = model;
        this.nodes = model.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            for (String name : node.getInputList().stream().distinct().toList()) {
                readers.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
            }
        }
    }

    /** Every chain in the graph; none share a node. */
    static List<Chain> of(OnnxModel model) {
        return new FusedChains(model).find();
    }

    private List<Chain> find() {
        List<Chain> chains = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Chain chain = gelu(i);
            chain = chain != null ? chain : layerNorm(i);
            if (chain != null) {
                chains.add(chain);
            }
        }
        return chains;
    }

    /** Div(x, √2), Erf, Add 1, Mul by x, Mul by ½: the exact GELU, one call of the engine's. */
    private Chain gelu(int div) {
        if (!is(div, "Div") || !isScalar(nodes.get(div).getInput(1), Math.sqrt(2))) {
            return null;
        }
        String x = nodes.get(div).getInput(0);
        int erf = onlyReader(div, "Erf");
        int plusOne = onlyReader(erf, "Add");
        if (plusOne < 0 || !isScalar(other(plusOne, output(erf)), 1)) {
            return null;
        }
        int timesX = onlyReader(plusOne, "Mul");
        if (timesX < 0 || !x.equals(other(timesX, output(plusOne)))) {
            return null;
        }
        int half = onlyReader(timesX, "Mul");
        if (half < 0 || !isScalar(other(half, output(timesX)), 0.5)) {
            return null;
        }
        return new Chain("GELU", List.of(div, erf, plusOne, timesX, half), List.of(x), in -> Activation.gelu(in.get(0)));
    }

    /**
     * ReduceMean, Sub, Pow 2, ReduceMean, Add ε, Sqrt, Div, Mul γ, Add β over the last axis: a
     * LayerNorm as torch.onnx writes it before opset 17, one call of the engine's.
     */
    private Chain layerNorm(int mean) {
        if (!isLastAxisMean(mean)) {
            return null;
        }
        String x = nodes.get(mean).getInput(0);
        int centre = onlyReader(mean, "Sub");
        if (centre < 0 || !nodes.get(centre).getInput(0).equals(x)) {
            return null;
        }
        List<Integer> centredReaders = readers.getOrDefault(output(centre), List.of());
        if (centredReaders.size() != 2 || output(centre).equals(model.outputName())) {
            return null;
        }
        int square = centredReaders.get(0);
        if (!is(square, "Pow") || !isScalar(nodes.get(square).getInput(1), 2)) {
            return null;
        }
        int variance = onlyReader(square, "ReduceMean");
        if (variance < 0 || !isLastAxisMean(variance)) {
            return null;
        }
        int plusEps = onlyReader(variance, "Add");
        Tensor eps = plusEps < 0 ? null : scalar(other(plusEps, output(variance)));
        if (eps == null) {
            return null;
        }
        int root = onlyReader(plusEps, "Sqrt");
        int divide = onlyReader(root, "Div");
        if (divide != centredReaders.get(1) || !nodes.get(divide).getInput(0).equals(output(centre))) {
            return null;
        }
        int scale = onlyReader(divide, "Mul");
        String gamma = scale < 0 ? null : other(scale, output(divide));
        int shift = onlyReader(scale, "Add");
        String beta = shift < 0 ? null : other(shift, output(scale));
        long width = model.shape(x).get(model.shape(x).dimension() - 1);
        if (!isVector(gamma, width) || !isVector(beta, width)) {
            return null;
        }
        float epsilon = eps.values()[0];
        return new Chain("LayerNorm", List.of(mean, centre, square, variance, plusEps, root, divide, scale, shift),
                List.of(x, gamma, beta),
                in -> {
                    NDArray input = in.get(0);
                    Shape normalized = new Shape(input.getShape().get(input.getShape().dimension() - 1));
                    return input.getNDArrayInternal().layerNorm(input, normalized, in.get(1), in.get(2), epsilon)
                            .singletonOrThrow();
                });
    }

    private boolean is(int node, String op) {
        return node >= 0 && nodes.get(node).getOpType().equals(op) && nodes.get(node).getOutputCount() == 1;
    }

    private String output(int node) {
        return nodes.get(node).getOutput(0);
    }

    /** The one node of type {@code op} that reads {@code node}'s output, or -1. */
    private int onlyReader(int node, String op) {
        if (node < 0 || output(node).equals(model.outputName())) {
            return -1;
        }
        List<Integer> readBy = readers.getOrDefault(output(node), List.of());
        return readBy.size() == 1 && is(readBy.get(0), op) ? readBy.get(0) : -1;
    }

    /** A binary node's input that is not {@code known}, or null when it does not read it. */
    private String other(int node, String known) {
        List<String> in = nodes.get(node).getInputList();
        if (in.size() != 2) {
            return null;
        }
        return in.get(0).equals(known) ? in.get(1) : in.get(1).equals(known) ? in.get(0) : null;
    }

    private boolean isLastAxisMean(int node) {
        return is(node, "ReduceMean") && nodes.get(node).getInputCount() == 1
                && Call.integer(nodes.get(node), "keepdims", 1) != 0
                && Arrays.equals(Call.integers(nodes.get(node), "axes"), new long[] {-1});
    }

    /** A fixed value of one element and at most one axis (so that it broadcasts without adding axes); else null. */
    private Tensor scalar(String name) {
        Tensor t = name == null ? null : model.fixedFloats(name);
        return t != null && t.values().length == 1 && t.shape().length <= 1 ? t : null;
    }

    private boolean isScalar(String name, double value) {
        Tensor t = scalar(name);
        return t != null && Math.abs(t.values()[0] - value) <= 1e-6 * value;
    }

    /** An initializer of one axis of the normalised width: a per-channel scale or shift. */
    private boolean isVector(String name, long width) {
        Tensor t = name == null ? null : model.initializers().get(name);
        return t != null && t.shape().length == 1 && t.shape()[0] == width;
    }
}
