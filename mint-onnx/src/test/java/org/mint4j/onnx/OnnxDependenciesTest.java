package org.mint4j.onnx;

import org.mint4j.prune.LayerPair;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mint4j.prune.Masks;
import org.mint4j.recipe.Recipe;

/** Couplings and pairs read from torchvision's graphs. */
class OnnxDependenciesTest {

    static Dependencies of(String name) {
        return Dependencies.of(OnnxModel.load(OnnxFixtures.model(name)));
    }

    static Coupling writtenBy(Dependencies d, String writer) {
        return d.couplings().stream().filter(c -> c.writers().contains(writer)).findFirst().orElseThrow();
    }

    @Test
    void resnetStreamsCoupleEveryWriterAndReaderOfAStage() {
        Dependencies d = of("resnet18-bn");
        Coupling stage1 = writtenBy(d, "conv1");
        assertEquals(new Coupling(List.of("conv1", "layer1.0.conv2", "layer1.1.conv2"),
                List.of("layer1.0.conv1", "layer1.1.conv1", "layer2.0.conv1", "layer2.0.downsample.0"), 64, false), stage1);
        assertEquals(new Coupling(List.of("layer4.0.conv2", "layer4.0.downsample.0", "layer4.1.conv2"),
                List.of("layer4.1.conv1", "fc"), 512, false), writtenBy(d, "layer4.1.conv2"));
        assertEquals(new Coupling(List.of("layer1.0.conv1"), List.of("layer1.0.conv2"), 64, false),
                writtenBy(d, "layer1.0.conv1"));
        assertEquals(new Coupling(List.of("fc"), List.of(), 10, true), writtenBy(d, "fc"), "logits are pinned");
    }

    @Test
    void depthwiseConvsTieTheirChannelsToTheExpansion() {
        Dependencies d = of("mobilenet_v2-bn");
        assertEquals(new Coupling(List.of("features.2.conv.0.0", "features.2.conv.1.0"),
                List.of("features.2.conv.1.0", "features.2.conv.2"), 96, false), writtenBy(d, "features.2.conv.0.0"));
    }

    @Test
    void aFlattenedMapGivesEachChannelABlockOfFeatures() {
        Dependencies d = of("vgg11_bn-bn");
        assertEquals(new Coupling(List.of("features.25"), List.of("classifier.0"), 512, false),
                writtenBy(d, "features.25"));
    }

    /** A single channel flattened is a block of features too (at batch 1 its axis looks like the batch's). */
    @Test
    void aSingleChannelFlattenedIsABlockOfFeatures(@TempDir Path tmp) throws IOException {
        GraphProto.Builder g = graph("single")
                .addInitializer(OnnxBadInputTest.floats("a.weight", 1, 3, 1, 1))
                .addInitializer(OnnxBadInputTest.floats("b.weight", 5, 64))
                .addNode(OnnxBadInputTest.node("a", "Conv", "x", "a.weight").addOutput("a"))
                .addNode(OnnxBadInputTest.node("flat", "Flatten", "a").addOutput("f"))
                .addNode(OnnxBadInputTest.node("b", "Gemm", "f", "b.weight").addAttribute(AttributeProto.newBuilder()
                        .setName("transB").setI(1).setType(AttributeProto.AttributeType.INT)).addOutput("y"));
        assertEquals(List.of(new LayerPair("a", "b", 1, 5, new LayerPair.Columns(0, 1, 64))),
                of(g, tmp).pairs(Grouping.perChannel(), Set.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18-bn", "resnet18-folded"})
    void residualChildrenPairWithTheStreamsLatestWriter(String name) {
        Dependencies d = of(name);
        List<LayerPair> pairs = d.pairs(Grouping.perChannel(), Set.of());
        assertEquals(20, pairs.size());
        String prefix = name.endsWith("-bn") ? "" : "/";
        if (name.endsWith("-bn")) {
            assertTrue(pairs.contains(new LayerPair("layer1.0.conv2", "layer1.1.conv1", 64, 64)), pairs.toString());
            assertTrue(pairs.contains(new LayerPair("layer1.1.conv2", "layer2.0.downsample.0", 64, 128)));
            assertTrue(pairs.contains(new LayerPair("layer4.1.conv2", "fc", 512, 10)));
        }
        assertTrue(pairs.stream().allMatch(p -> !p.child().startsWith(prefix + "conv1")));
    }

    @Test
    void groupsSkipAndLayersWithoutADirectParent() {
        List<LayerPair> mobile = of("mobilenet_v2-bn").pairs(Grouping.sequential(16), Set.of("classifier.1"));
        assertEquals(34, mobile.size(), "35 dense children but the stem, less the skipped classifier");
        assertTrue(mobile.contains(new LayerPair("features.2.conv.1.0", "features.2.conv.2", 16, 16)),
                "a depthwise conv is the parent of its projection");
        assertTrue(mobile.contains(new LayerPair("features.2.conv.2", "features.3.conv.0.0", 16, 16)));
        List<LayerPair> vgg = of("vgg11_bn-bn").pairs(Grouping.sequential(64), Set.of());
        assertEquals(10, vgg.size(), vgg.toString());
        assertTrue(vgg.contains(new LayerPair("features.0", "features.4", 64, 64)));
        assertTrue(vgg.contains(new LayerPair("features.25", "classifier.0", 64, 64, new LayerPair.Columns(0, 512, 4))),
                "the last conv's channels, flattened from 2x2 maps, own 4 columns each");
        assertTrue(vgg.contains(new LayerPair("classifier.3", "classifier.6", 64, 10)), "10 classes: one group each");
    }

    @ParameterizedTest
    @ValueSource(strings = {"googlenet-bn", "googlenet-folded"})
    void everyInceptionBranchPairsWithEachSliceOfTheConcatItReads(String name) {
        Dependencies d = of(name);
        List<LayerPair> pairs = d.pairs(Grouping.perChannel(), Set.of());
        Set<String> children = new java.util.HashSet<>();
        pairs.forEach(p -> children.add(p.child()));
        List<String> unpaired = d.layers().stream().map(Layer::name).filter(n -> !children.contains(n)).toList();
        assertEquals(1, unpaired.size(), "only the stem reads the image: " + unpaired);
        if (name.endsWith("-bn")) {
            // inception3a's branches write 64, 128, 32 and 32 channels of its Concat; both readers
            // of it, a 1x1 branch and the pooled branch, pair with all four.
            for (String child : List.of("inception3b.branch1.conv", "inception3b.branch4.1.conv")) {
                List<LayerPair> of = pairs.stream().filter(p -> p.child().equals(child)).toList();
                assertEquals(List.of("inception3a.branch1.conv", "inception3a.branch2.1.conv",
                        "inception3a.branch3.1.conv", "inception3a.branch4.1.conv"),
                        of.stream().map(LayerPair::parent).toList(), child);
                assertEquals(List.of(0, 64, 192, 224), of.stream().map(p -> p.columns().offset()).toList());
                assertTrue(of.stream().allMatch(p -> p.columns().block() == 1));
            }
        }
    }

    /**
     * x -> conv a (8) -> Slice of channels 2..5 and conv c (4) -> Concat -> conv b: a's channels
     * 2..5 are b's inputs 0..3, c's 4 are b's inputs 4..7; b pairs with a's channels 2..5 (a's tap
     * standing for them) and with c. a's other 4 channels are read by nothing, so compaction
     * removes them and the slice's bounds become 0..4.
     */
    @Test
    void aChannelSliceIsFollowedAndItsBoundsRewritten(@TempDir Path tmp) throws IOException {
        GraphProto.Builder g = graph("slice")
                .addInitializer(OnnxBadInputTest.floats("a.weight", 8, 3, 1, 1))
                .addInitializer(OnnxBadInputTest.floats("c.weight", 4, 3, 1, 1))
                .addInitializer(OnnxBadInputTest.floats("b.weight", 5, 8, 1, 1))
                .addInitializer(longs("starts", 2)).addInitializer(longs("ends", 6)).addInitializer(longs("axes", 1))
                .addNode(OnnxBadInputTest.node("a", "Conv", "x", "a.weight").addOutput("a"))
                .addNode(OnnxBadInputTest.node("slice", "Slice", "a", "starts", "ends", "axes").addOutput("s"))
                .addNode(OnnxBadInputTest.node("c", "Conv", "x", "c.weight").addOutput("c"))
                .addNode(OnnxBadInputTest.node("cat", "Concat", "s", "c").addAttribute(
                        AttributeProto.newBuilder().setName("axis").setI(1)
                                .setType(AttributeProto.AttributeType.INT)).addOutput("cat"))
                .addNode(OnnxBadInputTest.node("b", "Conv", "cat", "b.weight").addOutput("y"));
        Dependencies d = of(g, tmp);
        assertTrue(d.couplings().contains(new Coupling(List.of("a"), List.of("b"), 4, false)), d.couplings().toString());
        assertTrue(d.couplings().contains(new Coupling(List.of("a"), List.of(), 4, false)), d.couplings().toString());
        assertTrue(d.couplings().contains(new Coupling(List.of("c"), List.of("b"), 4, false)));
        assertEquals(List.of(new LayerPair("a", "b", 4, 5, new LayerPair.Columns(0, 4, 1, 2)),
                new LayerPair("c", "b", 4, 5, new LayerPair.Columns(4, 4, 1))), d.pairs(Grouping.perChannel(), Set.of()));

        OnnxModel small = compactsToTheSameFunction(tmp.resolve("slice.onnx"), new Masks(), tmp);
        assertArrayEquals(new long[] {4, 3, 1, 1}, small.initializers().get("a.weight").shape());
        assertArrayEquals(new long[] {0}, small.integerConstant("s/mint4j_starts"));
        assertArrayEquals(new long[] {4}, small.integerConstant("s/mint4j_ends"));
    }

    /**
     * x -> conv a (4) -> Concat of a's channel 0 (a Slice) and all of a -> conv b: b pairs with the
     * whole of a where it reads it whole, and the one-channel slice in no pair (MINT needs two
     * parent groups).
     */
    @Test
    void aWholeParentIsPreferredToASliceAndASingleChannelIsNoPair(@TempDir Path tmp) throws IOException {
        GraphProto.Builder g = graph("whole")
                .addInitializer(OnnxBadInputTest.floats("a.weight", 4, 3, 1, 1))
                .addInitializer(OnnxBadInputTest.floats("b.weight", 5, 5, 1, 1))
                .addInitializer(longs("starts", 0)).addInitializer(longs("ends", 1)).addInitializer(longs("axes", 1))
                .addNode(OnnxBadInputTest.node("a", "Conv", "x", "a.weight").addOutput("a"))
                .addNode(OnnxBadInputTest.node("slice", "Slice", "a", "starts", "ends", "axes").addOutput("s"))
                .addNode(OnnxBadInputTest.node("cat", "Concat", "s", "a").addAttribute(
                        AttributeProto.newBuilder().setName("axis").setI(1)
                                .setType(AttributeProto.AttributeType.INT)).addOutput("cat"))
                .addNode(OnnxBadInputTest.node("b", "Conv", "cat", "b.weight").addOutput("y"));
        assertEquals(List.of(new LayerPair("a", "b", 4, 5, new LayerPair.Columns(1, 4, 1))),
                of(g, tmp).pairs(Grouping.perChannel(), Set.of()));
    }

    /**
     * x -> conv a (8) -> Split into 3 and 5 channels -> conv b reads the 3, conv c the 5 -> Add:
     * each part is coupled with its run of a, and b and c pair with a, a's tap standing for that
     * run. With b's columns for a's channel 1 zero, compaction
     * removes that channel from a and from the first part: the Split's sizes become 2 and 5.
     */
    @Test
    void aChannelSplitGivesEachPartItsRun(@TempDir Path tmp) throws IOException {
        GraphProto.Builder g = graph("split")
                .addInitializer(OnnxBadInputTest.floats("a.weight", 8, 3, 1, 1))
                .addInitializer(OnnxBadInputTest.floats("b.weight", 4, 3, 1, 1))
                .addInitializer(OnnxBadInputTest.floats("c.weight", 4, 5, 1, 1))
                .addInitializer(OnnxTensors.int64("sizes", new long[] {3, 5}))
                .addNode(OnnxBadInputTest.node("a", "Conv", "x", "a.weight").addOutput("a"))
                .addNode(OnnxBadInputTest.node("split", "Split", "a", "sizes").addAttribute(AttributeProto.newBuilder()
                        .setName("axis").setI(1).setType(AttributeProto.AttributeType.INT)).addOutput("p").addOutput("q"))
                .addNode(OnnxBadInputTest.node("b", "Conv", "p", "b.weight").addOutput("b"))
                .addNode(OnnxBadInputTest.node("c", "Conv", "q", "c.weight").addOutput("c"))
                .addNode(OnnxBadInputTest.node("sum", "Add", "b", "c").addOutput("y"));
        Dependencies d = of(g, tmp);
        assertTrue(d.couplings().contains(new Coupling(List.of("a"), List.of("b"), 3, false)), d.couplings().toString());
        assertTrue(d.couplings().contains(new Coupling(List.of("a"), List.of("c"), 5, false)), d.couplings().toString());
        // Each child pairs with the run of a that its part holds.
        assertEquals(List.of(new LayerPair("a", "b", 3, 4, new LayerPair.Columns(0, 3, 1, 0)),
                new LayerPair("a", "c", 5, 4, new LayerPair.Columns(0, 5, 1, 3))), d.pairs(Grouping.perChannel(), Set.of()));

        float[] columns = new float[4 * 3];
        Arrays.fill(columns, 1f);
        for (int o = 0; o < 4; o++) {
            columns[o * 3 + 1] = 0f;
        }
        Masks masks = new Masks();
        masks.multiply("b.weight", new long[] {4, 3, 1, 1}, columns);
        OnnxModel small = compactsToTheSameFunction(tmp.resolve("split.onnx"), masks, tmp);
        assertArrayEquals(new long[] {7, 3, 1, 1}, small.initializers().get("a.weight").shape());
        assertArrayEquals(new long[] {2, 5}, small.integerConstant("p/mint4j_split"));
    }

    /** The compacted export of a [batch, 3, 8, 8] graph under these masks, checked to compute what the masked one does. */
    private static OnnxModel compactsToTheSameFunction(Path file, Masks masks, Path tmp) {
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(file));
            net.initialize(m, 0);
            Path masked = tmp.resolve("masked.onnx");
            Path compacted = tmp.resolve("compacted.onnx");
            OnnxExport.masked(net, masks, masked);
            OnnxExport.compacted(net, masks, compacted);
            OnnxNetwork before = new OnnxNetwork(OnnxModel.load(masked));
            OnnxNetwork after = new OnnxNetwork(OnnxModel.load(compacted));
            before.initialize(m, 0);
            after.initialize(m, 0);
            NDList x = new NDList(m.create(Arrays.copyOf(OnnxFixtures.batch(1, 6), 3 * 8 * 8), new Shape(1, 3, 8, 8)));
            ParameterStore store = new ParameterStore(m, false);
            assertArrayEquals(before.forward(store, x, false).singletonOrThrow().toFloatArray(),
                    after.forward(store, x, false).singletonOrThrow().toFloatArray(), 1e-5f);
            return after.model();
        }
    }

    /** A graph from x [batch, 3, 8, 8] to y, for the nodes a test adds. */
    private static GraphProto.Builder graph(String name) {
        return GraphProto.newBuilder().setName(name).addInput(OnnxBadInputTest.input("x", "batch", 3, 8, 8))
                .addOutput(ValueInfoProto.newBuilder().setName("y"));
    }

    /** The dependencies of the graph, written as an opset-13 model and imported. */
    private static Dependencies of(GraphProto.Builder graph, Path tmp) throws IOException {
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).addOpsetImport(
                OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(graph).build();
        Path file = tmp.resolve(graph.getName() + ".onnx");
        Files.write(file, model.toByteArray());
        return Dependencies.of(OnnxModel.load(file));
    }

    private static TensorProto longs(String name, long value) {
        return TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.INT64_VALUE).addDims(1).addInt64Data(value).build();
    }


    /**
     * x -> conv a (4) -> ReduceMean over width (dropped) [N, 4, 8] -> Unsqueeze at the end
     * [N, 4, 8, 1] -> conv b (5), and [N, 4, 8] -> MatMul mixing the 8 positions -> the output:
     * the channels stay on axis 1 through Unsqueeze, so b pairs with a; the MatMul reads positions,
     * not channels, so it reads no channel and pins what it reads.
     */
    @Test
    void unsqueezeKeepsTheChannelsAndAMatMulOverAnotherAxisPinsThem(@TempDir Path tmp) throws IOException {
        GraphProto.Builder g = graph("axes")
                .addInitializer(OnnxBadInputTest.floats("a.weight", 4, 3, 1, 1))
                .addInitializer(OnnxBadInputTest.floats("b.weight", 5, 4, 1, 1))
                .addInitializer(OnnxBadInputTest.floats("mix.weight", 8, 6))
                .addInitializer(longs("last", 3))
                .addNode(OnnxBadInputTest.node("a", "Conv", "x", "a.weight").addOutput("a"))
                .addNode(OnnxBadInputTest.node("mean", "ReduceMean", "a").addOutput("m")
                        .addAttribute(AttributeProto.newBuilder().setName("axes").addInts(3)
                                .setType(AttributeProto.AttributeType.INTS))
                        .addAttribute(AttributeProto.newBuilder().setName("keepdims").setI(0)
                                .setType(AttributeProto.AttributeType.INT)))
                .addNode(OnnxBadInputTest.node("up", "Unsqueeze", "m", "last").addOutput("u"))
                .addNode(OnnxBadInputTest.node("b", "Conv", "u", "b.weight").addOutput("b"))
                .addNode(OnnxBadInputTest.node("mix", "MatMul", "m", "mix.weight").addOutput("t"))
                .addNode(OnnxBadInputTest.node("flat", "Flatten", "t").addOutput("f"))
                .addNode(OnnxBadInputTest.node("flatb", "Flatten", "b").addOutput("fb"))
                .addNode(OnnxBadInputTest.node("cat", "Concat", "f", "fb").addAttribute(
                        AttributeProto.newBuilder().setName("axis").setI(1)
                                .setType(AttributeProto.AttributeType.INT)).addOutput("y"));
        Dependencies d = of(g, tmp);
        assertEquals(List.of(new LayerPair("a", "b", 4, 5)), d.pairs(Grouping.perChannel(), Set.of()));
        assertTrue(d.couplings().contains(new Coupling(List.of("a"), List.of("b"), 4, true)), d.couplings().toString());
        assertTrue(d.couplings().stream().noneMatch(c -> c.readers().contains("mix")), d.couplings().toString());
    }
}
