package org.mint4j.onnx;

import static org.mint4j.onnx.OnnxAttributes.integer;
import static org.mint4j.onnx.OnnxAttributes.ints;
import static org.mint4j.onnx.OnnxAttributes.real;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mint4j.nn.Networks;
import org.mint4j.nn.OperatorGraph;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.Safetensors.Tensor;

/**
 * A built-in network written as an ONNX graph with its current weights (opset 13), then imported:
 * from there it is exported, compacted and timed in ONNX Runtime exactly as an imported model is.
 */
public final class BuiltInOnnx implements OperatorGraph {

    private static final int OPSET = 13;
    private static final int IR_VERSION = 7;
    private static final String INPUT = "input";

    private final Map<String, Parameter> parameters;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int nodes;

    private BuiltInOnnx(PrunableNetwork network) {
        this.parameters = network.namedParameters();
        graph.setName(network.architecture());
        graph.addInput(value(INPUT, network.sampleShape().getShape()));
        parameters.forEach((name, p) -> graph.addInitializer(
                OnnxTensors.encode(name, new Tensor(p.getShape().getShape(), p.getArray().toFloatArray()))));
    }

    /**
     * The network as an imported ONNX network with the same weights, initialised in {@code manager}:
     * an imported network as it is, a built-in one written by {@link OperatorGraph.Writable#writeTo}.
     *
     * @throws IllegalArgumentException for a network that does not write itself as a graph
     */
    public static OnnxNetwork of(PrunableNetwork network, NDManager manager) {
        if (network instanceof OnnxNetwork onnx) {
            return onnx;
        }
        if (!(network instanceof OperatorGraph.Writable writable)) {
            throw new IllegalArgumentException(notWritten(network));
        }
        BuiltInOnnx writer = new BuiltInOnnx(writable);
        String output = writable.writeTo(writer);
        writer.graph.addOutput(value(output, null));
        ModelProto proto = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("mint4j")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(writer.graph).build();
        OnnxNetwork onnx = new OnnxNetwork(new OnnxModel(Path.of(network.architecture() + ".onnx"), proto));
        onnx.initialize(manager, 0);
        return onnx;
    }

    /**
     * Why {@link #of} cannot make an ONNX network of this one (a network from another
     * {@link org.mint4j.nn.NetworkImporter}), naming the built-in networks it can.
     */
    public static String notWritten(PrunableNetwork network) {
        List<String> writable = Networks.architectures().stream()
                .filter(a -> Networks.create(a) instanceof OperatorGraph.Writable).toList();
        return network.architecture() + " does not write itself as ONNX; models imported from ONNX do, and the "
                + "built-in " + String.join(", ", writable);
    }

    /** Whether {@link #of} can make an ONNX network of this one. */
    public static boolean supports(PrunableNetwork network) {
        return network instanceof OnnxNetwork || network instanceof OperatorGraph.Writable;
    }

    @Override
    public String input() {
        return INPUT;
    }

    @Override
    public String conv(String x, String layer, int kernel, int stride, int padding) {
        NodeProto.Builder node = node("Conv", layer, x, layer + ".weight");
        if (parameters.containsKey(layer + ".bias")) {
            node.addInput(layer + ".bias");
        }
        return add(node.addAttribute(ints("kernel_shape", kernel, kernel))
                .addAttribute(ints("pads", padding, padding, padding, padding))
                .addAttribute(ints("strides", stride, stride)).addAttribute(ints("dilations", 1, 1)));
    }

    @Override
    public String batchNorm(String x, String layer) {
        return add(node("BatchNormalization", layer, x, layer + ".weight", layer + ".bias", layer + ".running_mean",
                layer + ".running_var").addAttribute(real("epsilon", 1e-5f)).addAttribute(real("momentum", 0.9f)));
    }

    @Override
    public String relu(String x) {
        return add(node("Relu", null, x));
    }

    @Override
    public String add(String a, String b) {
        return add(node("Add", null, a, b));
    }

    @Override
    public String maxPool(String x, int kernel, int stride, int padding) {
        return add(node("MaxPool", null, x).addAttribute(ints("kernel_shape", kernel, kernel))
                .addAttribute(ints("strides", stride, stride)).addAttribute(ints("pads", padding, padding, padding, padding)));
    }

    @Override
    public String globalAveragePool(String x) {
        return add(node("GlobalAveragePool", null, x));
    }

    @Override
    public String flatten(String x) {
        return add(node("Flatten", null, x).addAttribute(integer("axis", 1)));
    }

    @Override
    public String linear(String x, String layer) {
        return add(node("Gemm", layer, x, layer + ".weight", layer + ".bias").addAttribute(integer("transB", 1)));
    }

    @Override
    public String subsample(String x) {
        return slice(x, new long[] {0, 0}, new long[] {Long.MAX_VALUE, Long.MAX_VALUE}, new long[] {2, 3},
                new long[] {2, 2});
    }

    /**
     * A Concat of zeroed channel slices around the value, as scripts/onnx-fixtures.py writes
     * akamaster's option A (torch.onnx's own F.pad computes its pads from shapes instead).
     */
    @Override
    public String padChannels(String x, int count) {
        String zero = constant("zero", 0f);
        String zeros = add(node("Mul", null, slice(x, new long[] {0}, new long[] {count}, new long[] {1},
                new long[] {1}), zero));
        return add(node("Concat", null, zeros, x, zeros).addAttribute(integer("axis", 1)));
    }

    private String slice(String x, long[] starts, long[] ends, long[] axes, long[] steps) {
        String id = "slice" + nodes;
        graph.addInitializer(OnnxTensors.int64(id + ".starts", starts));
        graph.addInitializer(OnnxTensors.int64(id + ".ends", ends));
        graph.addInitializer(OnnxTensors.int64(id + ".axes", axes));
        graph.addInitializer(OnnxTensors.int64(id + ".steps", steps));
        return add(node("Slice", null, x, id + ".starts", id + ".ends", id + ".axes", id + ".steps"));
    }

    private String constant(String name, float value) {
        String id = name + nodes;
        return add(NodeProto.newBuilder().setOpType("Constant").setName(id).addOutput(id)
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(OnnxTensors.encode(id, new Tensor(new long[0], new float[] {value})))));
    }

    /** A node named after its layer (or op type) and its place, writing one value of the same name. */
    private NodeProto.Builder node(String op, String layer, String... inputs) {
        String name = (layer != null ? layer + "/" : "") + op + "_" + nodes;
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(name);
        for (String in : inputs) {
            node.addInput(in);
        }
        return node;
    }

    private String add(NodeProto.Builder node) {
        graph.addNode(node);
        nodes++;
        return node.getOutput(0);
    }

    /** A float32 value of [batch, sample...] (a symbolic batch), or of unknown shape when sample is null. */
    private static ValueInfoProto value(String name, long[] sample) {
        TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE);
        if (sample != null) {
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
            for (long d : sample) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            }
            tensor.setShape(shape);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
