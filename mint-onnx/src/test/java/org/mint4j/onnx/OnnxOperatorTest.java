package org.mint4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mint4j.onnx.OnnxAttributes.integer;
import static org.mint4j.onnx.OnnxAttributes.ints;
import static org.mint4j.onnx.OnnxAttributes.real;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mint4j.train.EngineSetup;

/**
 * Each operator of the table that the model fixtures do not already check alone: a graph
 * x [batch, 3, 32, 32] -> Conv 1x1 to 4 channels ("c") -> the operator's nodes ("o") -> Flatten,
 * run by mint-onnx and by ONNX Runtime on the same batch.
 */
class OnnxOperatorTest {

    @TempDir
    static Path tmp;

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    /** An operator's nodes from "c" to "o", and the initializers they read. */
    record Case(String name, List<NodeProto> nodes, List<TensorProto> initializers) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("Sub", List.of(node("Sub", "c", "k").build()), List.of(constant("k", 4, 1, 1))),
                new Case("Div", List.of(node("Div", "c", "k").build()), List.of(positive("k", 4, 1, 1))),
                new Case("Pow and Sqrt", List.of(node("Pow", "c", "two").setOutput(0, "p").build(),
                        node("Sqrt", "p").build()), List.of(scalar("two", 2f))),
                new Case("Pow by untrained constants, 2 run as a square", List.of(
                        node("Pow", "c", "onnx::three").setName("cube").setOutput(0, "p").build(), node("Pow", "p", "onnx::two").build()),
                        List.of(scalar("onnx::three", 3f), scalar("onnx::two", 2f))),
                new Case("Erf", List.of(node("Erf", "c").build()), List.of()),
                new Case("Transpose", List.of(node("Transpose", "c").addAttribute(ints("perm", 0, 2, 3, 1)).build()),
                        List.of()),
                new Case("ReduceMean over channels", List.of(node("ReduceMean", "c")
                        .addAttribute(ints("axes", 1)).build()), List.of()),
                new Case("ReduceMean over space, dims dropped", List.of(node("ReduceMean", "c")
                        .addAttribute(ints("axes", -2, -1)).addAttribute(integer("keepdims", 0)).build()), List.of()),
                new Case("Softmax over channels", List.of(node("Softmax", "c").addAttribute(integer("axis", 1)).build()),
                        List.of()),
                new Case("LayerNormalization over channels-last maps", List.of(
                        node("Transpose", "c").addAttribute(ints("perm", 0, 2, 3, 1)).setOutput(0, "t").build(),
                        node("LayerNormalization", "t", "scale", "shift").build()),
                        List.of(positive("scale", 4), constant("shift", 4))),
                new Case("Split of channels, sizes given", List.of(
                        OnnxBadInputTest.node("split", "Split", "c", "sizes").addAttribute(integer("axis", 1))
                                .addOutput("a").addOutput("b").build(),
                        node("Concat", "b", "a").addAttribute(integer("axis", 1)).build()),
                        List.of(longs("sizes", 1, 3))),
                new Case("Split of rows, equal parts", List.of(
                        OnnxBadInputTest.node("split", "Split", "c").addAttribute(integer("axis", 2))
                                .addOutput("a").addOutput("b").build(),
                        node("Sub", "a", "b").build()), List.of()),
                new Case("Squeeze of pooled axes", List.of(
                        node("ReduceMean", "c").addAttribute(ints("axes", 2, 3)).setOutput(0, "m").build(),
                        node("Squeeze", "m", "axes").build()), List.of(longs("axes", 2, 3))),
                new Case("Slice of channels with a step", List.of(node("Slice", "c", "starts", "ends", "axes", "steps")
                        .build()), List.of(longs("starts", 1), longs("ends", 4), longs("axes", 1), longs("steps", 2))),
                new Case("Unsqueeze", List.of(node("Unsqueeze", "c", "axes").build()), List.of(longs("axes", 2))),
                // How torch.onnx computes a reshape's target from the batch size.
                new Case("Shape, Gather, Unsqueeze and Concat into a Reshape", List.of(
                        step("Shape", "s", "c"), step("Gather", "n", "s", "zero"),
                        step("Unsqueeze", "n1", "n", "first"), step("Concat", "target", "n1", "rest", "width", "axis=0"),
                        node("Reshape", "c", "target").build()),
                        List.of(scalarIndex("zero", 0), longs("first", 0), longs("rest", -1), longs("width", 32))),
                // Attention's scores: an activation times another one.
                new Case("MatMul between activations, then Softmax", List.of(
                        step("Reshape", "r", "c", "tokens"), step("Transpose", "rt", "r", "perm:0,2,1"),
                        step("MatMul", "scores", "r", "rt"),
                        node("Softmax", "scores").addAttribute(integer("axis", -1)).build()),
                        List.of(longs("tokens", 0, 4, -1))),
                // An attention mask as torch.onnx writes one.
                new Case("ConstantOfShape, Equal and Where", List.of(
                        step("Shape", "s", "c"), step("ConstantOfShape", "z", "s"), step("Relu", "r", "c"),
                        step("Equal", "m", "r", "z"), node("Where", "m", "ten", "c").build()),
                        List.of(scalar("ten", 10f))),
                new Case("Expand of a per-channel constant", List.of(step("Expand", "e", "k", "shape"),
                        node("Add", "c", "e").build()), List.of(constant("k", 4, 1, 1), longs("shape", 1, 4, 32, 32))),
                layerNorm(false), layerNorm(true), gelu(false), gelu(true));
    }

    /**
     * LayerNorm as torch 1.13 exports it, its constants Constant nodes as torch writes them (run as
     * one fused call), or trained initializers (run node by node).
     */
    private static Case layerNorm(boolean fused) {
        List<NodeProto> nodes = new ArrayList<>(List.of(
                step("Transpose", "t", "c", "perm:0,2,3,1"), step("ReduceMean", "mu", "t", "axes:-1"),
                step("Sub", "d", "t", "mu"), step("Pow", "p", "d", "two"), step("ReduceMean", "var", "p", "axes:-1"),
                step("Add", "ve", "var", "eps"), step("Sqrt", "sd", "ve"), step("Div", "n", "d", "sd"),
                step("Mul", "ns", "n", "scale"), node("Add", "ns", "shift").build()));
        return withConstants("LayerNorm as torch 1.13 exports it", fused, nodes,
                List.of(scalar("two", 2f), scalar("eps", 1e-5f)), List.of(positive("scale", 4), constant("shift", 4)));
    }

    /** GELU as torch 1.13 exports it, fused or not as {@link #layerNorm}. */
    private static Case gelu(boolean fused) {
        List<NodeProto> nodes = new ArrayList<>(List.of(
                step("Div", "a", "c", "root2"), step("Erf", "e", "a"), step("Add", "e1", "e", "one"),
                step("Mul", "m", "c", "e1"), node("Mul", "m", "half").build()));
        return withConstants("GELU as torch 1.13 exports it", fused, nodes,
                List.of(scalar("root2", (float) Math.sqrt(2)), scalar("one", 1f), scalar("half", 0.5f)), List.of());
    }

    private static Case withConstants(String name, boolean fused, List<NodeProto> nodes, List<TensorProto> constants,
            List<TensorProto> weights) {
        List<TensorProto> initializers = new ArrayList<>(weights);
        if (fused) {
            for (TensorProto k : constants) {
                nodes.add(0, NodeProto.newBuilder().setOpType("Constant").setName(k.getName()).addOutput(k.getName())
                        .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                                .setT(k)).build());
            }
        } else {
            initializers.addAll(constants);
        }
        return new Case(name + (fused ? ", fused" : ", node by node"), nodes, initializers);
    }

    /**
     * torch.onnx's chains for LayerNorm and GELU run as one call when their constants are fixed,
     * and every parameter both graphs train (the conv, a LayerNorm's scale and shift) gets the
     * gradient it gets node by node.
     */
    @ParameterizedTest
    @MethodSource("fusedAndNot")
    void chainsRunFusedWithTheGradientsOfTheirNodes(Case fused, Case nodeByNode) throws Exception {
        assertEquals(1, FusedChains.of(OnnxModel.load(write(fused))).size(), fused.name());
        assertEquals(0, FusedChains.of(OnnxModel.load(write(nodeByNode))).size(), nodeByNode.name());
        float[] batch = OnnxFixtures.batch(2, 47);
        Map<String, float[]> expected = gradients(write(nodeByNode), batch, false);
        Map<String, float[]> actual = gradients(write(fused), batch, false);
        assertTrue(anyNonZero(expected.get("conv.weight")), nodeByNode + ": no gradient reached the conv");
        // The fused graph trains the conv and the LayerNorm's scale and shift; node by node also its constants.
        for (String name : actual.keySet()) {
            float[] e = expected.get(name);
            float[] a = actual.get(name);
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < e.length; i++) {
                scale = Math.max(scale, Math.abs(e[i]));
                diff = Math.max(diff, Math.abs(e[i] - a[i]));
            }
            assertTrue(diff <= 1e-4 * scale, fused + ": " + name + "'s gradient differs by " + diff + " of " + scale);
        }
    }

    static Stream<Arguments> fusedAndNot() {
        return Stream.of(Arguments.of(layerNorm(true), layerNorm(false)),
                Arguments.of(gelu(true), gelu(false)));
    }

    /**
     * One node writing {@code out}; an input "perm:..." or "axes:..." is that attribute instead
     * (opset 17's Transpose and ReduceMean take them so), "axis=N" the integer one.
     */
    private static NodeProto step(String op, String out, String... inputs) {
        NodeProto.Builder n = OnnxBadInputTest.node(out, op).addOutput(out);
        for (String in : inputs) {
            if (in.startsWith("axis=")) {
                n.addAttribute(integer("axis", Long.parseLong(in.substring(5))));
            } else if (in.contains(":")) {
                String[] kv = in.split(":");
                n.addAttribute(ints(kv[0], java.util.Arrays.stream(kv[1].split(",")).mapToLong(Long::parseLong).toArray()));
            } else {
                n.addInput(in);
            }
        }
        return n.build();
    }

    /** An int64 scalar (a Gather's index that drops the axis). */
    private static TensorProto scalarIndex(String name, long value) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(value)
                .build();
    }

    private static TensorProto longs(String name, long... values) {
        return OnnxTensors.int64(name, values);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void runsAsOnnxRuntimeDoes(Case c) throws IOException {
        Path file = write(c);
        double diff = OnnxImportTest.differenceFromRuntime(file, OnnxFixtures.batch(2, 41), 2);
        assertTrue(diff < 1e-4, c + " differs from ONNX Runtime by " + diff);
    }

    private static Path write(Case c) throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName(c.name())
                .addInput(OnnxBadInputTest.input("x", "batch", 3, 32, 32))
                .addOutput(ValueInfoProto.newBuilder().setName("y"))
                .addInitializer(OnnxBadInputTest.floats("conv.weight", 4, 3, 1, 1))
                .addNode(node("Conv", "x", "conv.weight").setOutput(0, "c"));
        c.nodes().forEach(g::addNode);
        c.initializers().forEach(g::addInitializer);
        g.addNode(node("Flatten", "o").setOutput(0, "y"));
        // Opset 17: LayerNormalization's first; the others read as they do from 13 on.
        ModelProto model = ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(g).build();
        Path file = tmp.resolve(c.name().replace(' ', '-') + ".onnx");
        Files.write(file, model.toByteArray());
        return file;
    }

    /**
     * The operators that multiply by a constant (HardSigmoid, a Gemm with alpha and beta) give the
     * same gradient whether or not a garbage collection runs between the forward and the backward
     * pass: autograd keeps the constant for the backward pass, so it must be memory PyTorch owns,
     * not a Java buffer the collection frees.
     */
    @ParameterizedTest
    @MethodSource("scaledCases")
    void gradientsSurviveACollectionBeforeTheBackwardPass(Case c) throws Exception {
        Path file = write(c);
        float[] batch = OnnxFixtures.batch(2, 43);
        float[] undisturbed = gradients(file, batch, false).get("conv.weight");
        float[] collected = gradients(file, batch, true).get("conv.weight");
        assertTrue(anyNonZero(undisturbed), c + ": no gradient reached the conv");
        assertArrayEquals(undisturbed, collected, c + ": the gradient changed after a garbage collection");
    }

    static Stream<Case> scaledCases() {
        return Stream.of(
                new Case("HardSigmoid", List.of(node("HardSigmoid", "c").build()), List.of()),
                new Case("Gemm with alpha and beta", List.of(
                        node("Flatten", "c").setOutput(0, "f").build(),
                        node("Gemm", "f", "w", "b").addAttribute(real("alpha", 0.5f)).addAttribute(real("beta", 2f))
                                .build()),
                        List.of(constant("w", 4 * 32 * 32, 5), constant("b", 5))));
    }

    /** Every trained parameter's gradient of the outputs' sum, by name. */
    private static Map<String, float[]> gradients(Path file, float[] batch, boolean collectBeforeBackward)
            throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(file));
            net.initialize(m, 0);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.create(batch, new Shape(2, 3, 32, 32));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = net.forward(store, new NDList(x), true).singletonOrThrow().sum();
                if (collectBeforeBackward) {
                    // A full collection; the reference handler then frees the direct buffers it found unreachable.
                    System.gc();
                    Thread.sleep(300);
                }
                collector.backward(y);
            }
            Map<String, float[]> out = new TreeMap<>();
            net.namedParameters().forEach((name, p) -> {
                if (p.requiresGradient()) {
                    out.put(name, p.getArray().getGradient().toFloatArray());
                }
            });
            return out;
        }
    }

    private static boolean anyNonZero(float[] values) {
        for (float v : values) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    private static NodeProto.Builder node(String op, String... inputs) {
        return OnnxBadInputTest.node(op.toLowerCase(), op, inputs).addOutput("o");
    }

    private static TensorProto constant(String name, long... dims) {
        return OnnxBadInputTest.floats(name, dims);
    }

    private static TensorProto positive(String name, long... dims) {
        TensorProto t = OnnxBadInputTest.floats(name, dims);
        TensorProto.Builder b = t.toBuilder().clearFloatData();
        t.getFloatDataList().forEach(v -> b.addFloatData(1.5f + v));
        return b.build();
    }

    private static TensorProto scalar(String name, float value) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addFloatData(value).build();
    }
}
