package org.mint4j.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.mint4j.nn.Safetensors.Tensor;
import org.mint4j.nn.TorchOwned;

/**
 * An ONNX model read and checked at import: float32 initializers (the network's parameters; an
 * Identity of an initializer is one more under its output's name),
 * integer constants (shapes, pads, axes), the prunable layers, and the shape of every value at
 * batch 1, found by running the graph once. Whatever mint-onnx cannot run is an
 * {@link OnnxException} here, naming the file, the node and what is supported.
 */
public final class OnnxModel {

    public static final int MIN_OPSET = 11;
    public static final int MAX_OPSET = 17;

    private final Path file;
    private final ModelProto proto;
    private final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private final Map<String, long[]> integers = new HashMap<>();
    private final Map<String, long[]> integerDims = new HashMap<>();
    /** The float32 tensors of Constant nodes, which run as nodes (they may be data) but never change. */
    private final Map<String, Tensor> floatConstants = new HashMap<>();
    private final Map<String, Parameter.Type> parameterTypes = new HashMap<>();
    private final Set<String> transposed = new HashSet<>();
    private final String input;
    private final String output;
    private final Shape sampleShape;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Map<String, long[]> computedIntegers = new HashMap<>();
    private final Map<String, Batch> batches = new HashMap<>();
    private final GraphForward forward;

    /** A model already parsed or written; {@code file} names it in errors. */
    OnnxModel(Path file, ModelProto proto) {
        this.file = file;
        this.proto = proto;
        checkOpset();
        for (TensorProto t : proto.getGraph().getInitializerList()) {
            addConstant(t.getName(), t, "initializer '" + t.getName() + "'");
        }
        List<ValueInfoProto> inputs = proto.getGraph().getInputList().stream()
                .filter(v -> !initializers.containsKey(v.getName()) && !integers.containsKey(v.getName())).toList();
        if (inputs.size() != 1 || proto.getGraph().getOutputCount() != 1) {
            throw new OnnxException(file, "has " + inputs.size() + " inputs and " + proto.getGraph().getOutputCount()
                    + " outputs; mint-onnx imports networks with one image input and one output");
        }
        input = inputs.get(0).getName();
        output = proto.getGraph().getOutput(0).getName();
        sampleShape = sampleShape(inputs.get(0));
        checkNodes();
        findLayers();
        resolveShapes();
        // After findLayers: which initializers are trained decides which constants a fused chain may take.
        forward = new GraphForward(this, FusedChains.of(this));
    }

    /**
     * Reads and checks an ONNX file.
     *
     * @throws OnnxException naming the file (and the node) when it is unreadable, truncated, not
     *     ONNX, or uses what mint-onnx does not support
     */
    public static OnnxModel load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OnnxException(file, "unreadable: " + e, e);
        }
        try {
            return new OnnxModel(file, ModelProto.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxException(file, "not an ONNX model, or truncated or corrupt (" + e.getMessage() + ")", e);
        }
    }

    public Path file() {
        return file;
    }

    ModelProto proto() {
        return proto;
    }

    /** The float32 initializers by ONNX name, in file order; prunable weights held [outputs, inputs, ...]. */
    public Map<String, Tensor> initializers() {
        return Collections.unmodifiableMap(initializers);
    }

    /**
     * How an initializer is used: WEIGHT, BIAS, GAMMA, BETA (trained), RUNNING_MEAN/VAR or OTHER
     * (not trained). An initializer with no such role is a PyTorch parameter exported under its own
     * name (a layer scale, a class token, the bias of a MatMul's Add), trained as a WEIGHT, unless
     * its name is one torch.onnx makes up for a constant ({@code onnx::...}).
     */
    Parameter.Type parameterType(String name) {
        Parameter.Type type = parameterTypes.get(name);
        if (type != null) {
            return type;
        }
        return name.startsWith("onnx::") ? Parameter.Type.OTHER : Parameter.Type.WEIGHT;
    }

    /** Whether mint-onnx holds this initializer transposed (a MatMul's or Gemm's [inputs, outputs] weight). */
    boolean transposed(String name) {
        return transposed.contains(name);
    }

    /**
     * A float32 value fixed in the file, the same in every run: a Constant node's, or an
     * initializer's that is not trained ({@link #parameterType} OTHER); else null.
     */
    Tensor fixedFloats(String name) {
        if (floatConstants.containsKey(name)) {
            return floatConstants.get(name);
        }
        return initializers.containsKey(name) && parameterType(name) == Parameter.Type.OTHER ? initializers.get(name) : null;
    }

    /** An int64 or int32 initializer or Constant, known before any run; else null. */
    long[] integerConstant(String name) {
        return integers.get(name);
    }

    /**
     * An integer value as the import run (batch 1) found it: a constant, or one the graph computes
     * from shapes (Shape, Gather, Concat and the like), which at other batch sizes may differ
     * where it holds the batch; null for float values.
     */
    long[] integerAtImport(String name) {
        long[] constant = integers.get(name);
        return constant != null ? constant : computedIntegers.get(name);
    }

    public String inputName() {
        return input;
    }

    public String outputName() {
        return output;
    }

    /** One input sample's shape, e.g. (3, 32, 32). */
    public Shape sampleShape() {
        return sampleShape;
    }

    /** The prunable layers in graph order. */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /**
     * Where a value holds the batch: along {@code axis} (0 unless a transpose moved it, as
     * attention's tokens-first layout does), each sample a run of {@code inner} consecutive
     * indices, once (an axis of its own) or once per index of the axes merged outside it
     * (attention's [tokens x batch, channels] or [batch x heads, tokens, size]).
     */
    public record Batch(int axis, int inner) {
    }

    /** Where a value holds the batch, or null when it holds none (shape arithmetic) or mixes it. */
    public Batch batch(String value) {
        return value.equals(input) ? new Batch(0, 1) : batches.get(value);
    }

    /** A value's shape at batch 1, or null for values that carry no data (integer constants). */
    public Shape shape(String value) {
        return shapes.get(value);
    }

    List<NodeProto> nodes() {
        return proto.getGraph().getNodeList();
    }

    /** The forward pass of this graph. */
    GraphForward forward() {
        return forward;
    }

    /** Whether a value is an initializer or an integer constant, known before any run. */
    boolean isConstant(String name) {
        return initializers.containsKey(name) || integers.containsKey(name);
    }

    /** An integer constant as an int64 array PyTorch owns (a view of it may outlive it); else null. */
    NDArray integerArray(NDManager manager, String name) {
        long[] values = integers.get(name);
        return values == null ? null : TorchOwned.copy(manager.create(values, new Shape(integerDims.get(name))));
    }

    OnnxException nodeError(NodeProto node, String message, Throwable cause) {
        return new OnnxException(file, "node '" + node.getName() + "' (op " + node.getOpType() + "): " + message, cause);
    }

    /**
     * Each value's {@link Batch}: the one axis that doubles from batch 1 to batch 2; a sample's run
     * along it kept by every operator but a Reshape or Flatten, where the batch's stride (elements
     * between neighbouring samples, which no reshape changes) gives the run in the new axis.
     */
    private void findBatches(Map<String, Shape> atTwo) {
        for (NodeProto node : nodes()) {
            String from = node.getInputList().stream().filter(in -> batch(in) != null).findFirst().orElse(null);
            for (String out : node.getOutputList()) {
                Batch found = from == null ? null : batchOf(node, from, shapes.get(out), atTwo.get(out));
                if (found != null) {
                    batches.put(out, found);
                }
            }
        }
    }

    /** An output's batch, from where its input {@code from} holds it and the output's shapes at batch 1 and 2. */
    private Batch batchOf(NodeProto node, String from, Shape one, Shape two) {
        int axis = -1;
        for (int d = 0; one != null && two != null && one.dimension() == two.dimension() && d < one.dimension(); d++) {
            if (one.get(d) != two.get(d)) {
                axis = axis == -1 && two.get(d) == 2 * one.get(d) ? d : -2;
            }
        }
        if (axis < 0) {
            return null;
        }
        int inner = batch(from).inner();
        if (node.getOpType().equals("Reshape") || node.getOpType().equals("Flatten")) {
            long stride = inner * shapes.get(from).slice(batch(from).axis() + 1).size();
            long after = one.slice(axis + 1).size();
            if (stride % after != 0 || one.get(axis) % (stride / after) != 0) {
                return null;
            }
            inner = (int) (stride / after);
        }
        return new Batch(axis, inner);
    }

    /** The default domain's opset version. */
    long opset() {
        return proto.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OperatorSetIdProto::getVersion).findFirst().orElse(MIN_OPSET);
    }

    private void checkOpset() {
        for (OperatorSetIdProto opset : proto.getOpsetImportList()) {
            if ((opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx"))
                    && (opset.getVersion() < MIN_OPSET || opset.getVersion() > MAX_OPSET)) {
                throw new OnnxException(file, "uses opset " + opset.getVersion() + "; mint-onnx supports opsets "
                        + MIN_OPSET + " to " + MAX_OPSET);
            }
        }
        if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0) {
            throw new OnnxException(file, "has no graph (empty, truncated or not an ONNX model)");
        }
    }

    /** A float32 tensor becomes a parameter, an int64 or int32 one an import-time constant; any other type is an error. */
    private void addConstant(String name, TensorProto t, String what) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new OnnxException(file, what + " keeps its data in an external file; mint-onnx reads self-contained models");
        }
        switch (t.getDataType()) {
            case TensorProto.DataType.FLOAT_VALUE -> initializers.put(name, OnnxTensors.floats(file, t));
            case TensorProto.DataType.INT64_VALUE, TensorProto.DataType.INT32_VALUE -> {
                integers.put(name, OnnxTensors.longs(t));
                integerDims.put(name, t.getDimsList().stream().mapToLong(Long::longValue).toArray());
            }
            default -> throw new OnnxException(file, what + " is of type "
                    + TensorProto.DataType.forNumber(t.getDataType()) + "; mint-onnx supports float32 tensors "
                    + "(and int64 or int32 ones for shapes, pads and axes)");
        }
    }

    private Shape sampleShape(ValueInfoProto v) {
        int type = v.getType().getTensorType().getElemType();
        if (type != TensorProto.DataType.FLOAT_VALUE) {
            throw new OnnxException(file, "input '" + v.getName() + "' is of type " + TensorProto.DataType.forNumber(type)
                    + "; mint-onnx supports float32 tensors");
        }
        List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        String shown = dims.stream().map(d -> d.hasDimValue() ? String.valueOf(d.getDimValue()) : d.getDimParam())
                .collect(Collectors.joining(", ", "[", "]"));
        if (dims.size() < 2 || dims.subList(1, dims.size()).stream().anyMatch(d -> !d.hasDimValue() || d.getDimValue() <= 0)) {
            throw new OnnxException(file, "input '" + v.getName() + "' has shape " + shown + "; mint-onnx needs "
                    + "[batch, channels, ...] with every dimension but the batch fixed");
        }
        return new Shape(dims.subList(1, dims.size()).stream().mapToLong(TensorShapeProto.Dimension::getDimValue).toArray());
    }

    private void checkNodes() {
        Set<String> known = new HashSet<>(initializers.keySet());
        known.addAll(integers.keySet());
        known.add(input);
        for (NodeProto node : nodes()) {
            if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")
                    || !Operators.TABLE.containsKey(node.getOpType())) {
                throw nodeError(node, "operator not supported; mint-onnx supports " + Operators.supported(), null);
            }
            for (String name : node.getInputList()) {
                if (!name.isEmpty() && !known.contains(name)) {
                    throw nodeError(node, "reads '" + name + "', which no earlier node, initializer or input makes "
                            + "(mint-onnx runs the nodes in file order)", null);
                }
            }
            if (node.getOpType().equals("Constant")) {
                addConstantNode(node);
            } else if (node.getOpType().equals("Identity") && initializers.containsKey(node.getInput(0))) {
                // torch.onnx shares one initializer among equal tensors behind Identity nodes; each
                // name gets its own parameter again, as in the PyTorch model (BatchNorm updates its own).
                initializers.put(node.getOutput(0), initializers.get(node.getInput(0)));
            }
            known.addAll(node.getOutputList());
        }
        if (!known.contains(output)) {
            throw new OnnxException(file, "no node makes the output '" + output + "'");
        }
    }

    private void addConstantNode(NodeProto node) {
        TensorProto t = node.getAttributeList().stream().filter(a -> a.getName().equals("value") && a.hasT())
                .map(a -> a.getT()).findFirst()
                .orElseThrow(() -> nodeError(node, "only a tensor 'value' attribute is supported", null));
        try {
            if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
                floatConstants.put(node.getOutput(0), OnnxTensors.floats(file, t));
            } else {
                addConstant(node.getOutput(0), t, "constant '" + node.getOutput(0) + "'");
            }
        } catch (OnnxException e) {
            throw nodeError(node, e.getMessage().substring(file.toString().length() + 2), e);
        }
    }

    private void findLayers() {
        for (NodeProto node : nodes()) {
            String op = node.getOpType();
            if (op.equals("LayerNormalization")) {
                setType(node, 1, Parameter.Type.GAMMA);
                setType(node, 2, Parameter.Type.BETA);
            }
            if (op.equals("BatchNormalization")) {
                setType(node, 1, Parameter.Type.GAMMA);
                setType(node, 2, Parameter.Type.BETA);
                setType(node, 3, Parameter.Type.RUNNING_MEAN);
                setType(node, 4, Parameter.Type.RUNNING_VAR);
            }
            if (Operators.TABLE.get(op).channels() != Operators.Channels.LAYER || node.getInputCount() < 2
                    || !initializers.containsKey(node.getInput(1))) {
                continue;
            }
            setType(node, 1, Parameter.Type.WEIGHT);
            setType(node, 2, Parameter.Type.BIAS);
            String weight = node.getInput(1);
            boolean inputsFirst = op.equals("MatMul") || op.equals("Gemm") && Call.integer(node, "transB", 0) == 0;
            if (inputsFirst && initializers.get(weight).shape().length == 2 && transposed.add(weight)) {
                initializers.put(weight, OnnxTensors.transpose(initializers.get(weight)));
            }
        }
    }

    private void setType(NodeProto node, int input, Parameter.Type type) {
        if (node.getInputCount() > input && initializers.containsKey(node.getInput(input))) {
            parameterTypes.put(node.getInput(input), type);
        }
    }

    /**
     * The PyTorch module's name: its weight's name without {@code .weight}, or, for a Linear
     * exported as MatMul (its weight transposed into an {@code onnx::} constant), the name of the
     * bias its Add reads (less {@code .bias} or {@code _bias}); else the node's name.
     */
    private String layerName(NodeProto layer, String weight) {
        if (weight.endsWith(".weight")) {
            return weight.substring(0, weight.length() - ".weight".length());
        }
        for (NodeProto node : nodes()) {
            if (node.getOpType().equals("Add") && node.getInputList().contains(layer.getOutput(0))) {
                for (String input : node.getInputList()) {
                    // nn.Linear's "x.bias"; nn.MultiheadAttention's "in_proj_bias".
                    if ((input.endsWith(".bias") || input.endsWith("_bias")) && initializers.containsKey(input)) {
                        return input.substring(0, input.length() - ".bias".length());
                    }
                }
            }
        }
        return layer.getName().isEmpty() ? layer.getOutput(0) : layer.getName();
    }

    /**
     * Runs the graph once on zeros at batch 1, node by node: every value's shape, and the layers'
     * channel counts.
     */
    private void resolveShapes() {
        GraphForward everyNode = new GraphForward(this, List.of());
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> params = new HashMap<>();
            initializers.forEach((name, t) -> params.put(name, manager.create(t.values(), new Shape(t.shape()))));
            NDArray x = manager.zeros(new Shape(1).addAll(sampleShape));
            shapes.put(input, x.getShape());
            everyNode.run(manager, x, params::get, false, (name, v) -> {
                shapes.put(name, v.getShape());
                if (v.getDataType().isInteger()) {
                    computedIntegers.put(name, v.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray());
                }
            });
            // Once more at batch 2: the axis that doubles is each value's batch axis.
            Map<String, Shape> twice = new HashMap<>();
            everyNode.run(manager, manager.zeros(new Shape(2).addAll(sampleShape)), params::get, false,
                    (name, v) -> twice.put(name, v.getShape()));
            findBatches(twice);
        }
        for (NodeProto node : nodes()) {
            if (Operators.TABLE.get(node.getOpType()).channels() != Operators.Channels.LAYER
                    || !parameterTypes.containsKey(node.getInput(1))) {
                continue;
            }
            String weight = node.getInput(1);
            String bias = node.getInputCount() > 2 && initializers.containsKey(node.getInput(2)) ? node.getInput(2) : null;
            Shape in = shapes.get(node.getInput(0));
            Shape out = shapes.get(node.getOutput(0));
            if (in.dimension() < 2 || out.dimension() < 2 || in.dimension() != out.dimension()) {
                throw nodeError(node, "reads " + in + " and writes " + out + "; a prunable layer needs "
                        + "[batch, channels, ...] in and out", null);
            }
            int axis = node.getOpType().equals("Conv") ? 1 : in.dimension() - 1;
            String name = layerName(node, weight);
            long parameters = initializers.get(weight).values().length
                    + (bias == null ? 0 : initializers.get(bias).values().length);
            layers.add(new Layer(name, node.getOpType(), node.getName(), weight, bias, node.getInput(0),
                    node.getOutput(0), (int) in.get(axis), (int) out.get(axis), (int) Math.max(1, Call.integer(node, "group", 0)),
                    parameters));
        }
        if (layers.isEmpty()) {
            throw new OnnxException(file, "has no Conv, Gemm or MatMul with a weight initializer: nothing to prune");
        }
    }
}
