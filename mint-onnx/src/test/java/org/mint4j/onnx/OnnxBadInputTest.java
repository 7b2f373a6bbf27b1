package org.mint4j.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.prune.Masks;

/** Each kind of bad input is one OnnxException naming the file, the node and what is supported; nothing is written. */
class OnnxBadInputTest {

    @TempDir
    Path tmp;

    /** input [batch, 3, 8, 8] -> Conv 4 3x3 ("conv") -> Relu ("act") -> GlobalAveragePool -> Flatten -> Gemm 10 ("fc"). */
    static ModelProto tiny() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("tiny")
                .addInput(input("x", "batch", 3, 8, 8))
                .addOutput(ValueInfoProto.newBuilder().setName("y"))
                .addInitializer(floats("conv.weight", 4, 3, 3, 3)).addInitializer(floats("fc.weight", 10, 4))
                .addInitializer(floats("fc.bias", 10))
                .addNode(node("conv", "Conv", "x", "conv.weight").addOutput("c"))
                .addNode(node("act", "Relu", "c").addOutput("r"))
                .addNode(node("pool", "GlobalAveragePool", "r").addOutput("p"))
                .addNode(node("flat", "Flatten", "p").addOutput("f"))
                .addNode(node("fc", "Gemm", "f", "fc.weight", "fc.bias")
                        .addAttribute(AttributeProto.newBuilder().setName("transB").setI(1)
                                .setType(AttributeProto.AttributeType.INT)).addOutput("y"));
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(g).build();
    }

    static NodeProto.Builder node(String name, String op, String... inputs) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(Arrays.asList(inputs));
    }

    static ValueInfoProto input(String name, String batch, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    static TensorProto floats(String name, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        long n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= d;
        }
        for (int i = 0; i < n; i++) {
            t.addFloatData((i % 7 - 3) / 10f);
        }
        return t.build();
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path file = tmp.resolve(name + ".onnx");
        Files.write(file, bytes);
        return file;
    }

    Path write(String name, UnaryOperator<GraphProto.Builder> change) throws IOException {
        ModelProto m = tiny();
        return write(name, m.toBuilder().setGraph(change.apply(m.getGraph().toBuilder())).build().toByteArray());
    }

    static String failure(Path file) {
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxModel.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void theTinyModelLoads() throws IOException {
        OnnxModel model = OnnxModel.load(write("tiny", tiny().toByteArray()));
        assertTrue(model.layers().size() == 2, model.layers().toString());
    }

    @Test
    void truncatedOrCorruptFiles() throws IOException {
        byte[] good = tiny().toByteArray();
        String m = failure(write("truncated", Arrays.copyOf(good, good.length - 20)));
        assertTrue(m.contains("truncated or corrupt"), m);
        byte[] garbage = new byte[200];
        new java.util.Random(1).nextBytes(garbage);
        m = failure(write("garbage", garbage));
        assertTrue(m.contains("truncated or corrupt") || m.contains("no graph"), m);
    }

    @Test
    void anUnsupportedOperatorNamesTheNodeAndTheSupportedOnes() throws IOException {
        String m = failure(write("selu", g -> g.setNode(1, node("act", "Selu", "c").addOutput("r"))));
        assertTrue(m.contains("node 'act' (op Selu)") && m.contains("supports") && m.contains("HardSwish"), m);
    }

    @Test
    void shapesThatCannotBeResolvedAtImport() throws IOException {
        ValueInfoProto x = input("x", "batch", 3, 8);
        TypeProto.Tensor tensor = x.getType().getTensorType();
        ValueInfoProto dynamic = x.toBuilder().setType(TypeProto.newBuilder().setTensorType(tensor.toBuilder().setShape(
                tensor.getShape().toBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("width"))))).build();
        String m = failure(write("dynamic", g -> g.setInput(0, dynamic)));
        assertTrue(m.contains("input 'x' has shape [batch, 3, 8, width]") && m.contains("fixed"), m);
        m = failure(write("computedShape", g -> g.addInput(input("target", "n"))
                .setNode(3, node("flat", "Reshape", "p", "target").addOutput("f"))));
        assertTrue(m.contains("has 2 inputs"), m);
        m = failure(write("reshapeOfData", g -> g.setNode(3, node("flat", "Reshape", "p", "fc.bias").addOutput("f"))));
        assertTrue(m.contains("node 'flat' (op Reshape)") && m.contains("must be integers"), m);
    }

    @Test
    void aTensorThatIsNotFloat32() throws IOException {
        String m = failure(write("double", g -> g.setInitializer(1, g.getInitializer(1).toBuilder()
                .setDataType(TensorProto.DataType.DOUBLE_VALUE).clearFloatData().addDoubleData(1))));
        assertTrue(m.contains("initializer 'fc.weight' is of type DOUBLE") && m.contains("float32"), m);
    }

    @Test
    void aModelWithoutAWeightToPrune() throws IOException {
        String m = failure(write("noweights", g -> g.clearNode().clearInitializer()
                .addNode(node("act", "Relu", "x").addOutput("y"))));
        assertTrue(m.contains("nothing to prune"), m);
    }

    @Test
    void nothingIsWrittenWhenAnExportFails() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(write("tiny", tiny().toByteArray())));
            net.initialize(manager, 0);
            Masks wrong = new Masks();
            wrong.multiply("fc.weight", new long[] {2}, new float[] {0, 1});
            Path out = tmp.resolve("out.onnx");
            assertThrows(IllegalArgumentException.class, () -> OnnxExport.compacted(net, wrong, out));
            assertFalse(Files.exists(out));
        }
    }
}
