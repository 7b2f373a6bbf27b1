package org.mint4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mint4j.nn.PrunableLayer;
import org.mint4j.train.EngineSetup;

/** torchvision's graphs imported: the layers, the same outputs as ONNX Runtime, training mode and save/load. */
class OnnxImportTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    static String[] torchvision() {
        return OnnxFixtures.TORCHVISION;
    }

    /** The network's logits for a [n, 3, 32, 32] batch, in inference mode. */
    static float[][] logits(OnnxNetwork net, NDManager manager, float[] batch, int n) {
        NDArray y = net.forward(new ParameterStore(manager, false), new NDList(manager.create(batch,
                new Shape(n, 3, 32, 32))), false).singletonOrThrow();
        float[] flat = y.toFloatArray();
        int classes = (int) y.getShape().get(1);
        float[][] out = new float[n][classes];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * classes, out[i], 0, classes);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("torchvision")
    void outputsEqualOnnxRuntimes(String name) {
        double diff = differenceFromRuntime(OnnxFixtures.model(name), OnnxFixtures.batch(4, 7), 4);
        assertTrue(diff < 1e-4, name + ": relative difference " + diff);
    }

    /** How far mint-onnx's logits for a [n, 3, 32, 32] batch are from ONNX Runtime's, relative to their largest. */
    static double differenceFromRuntime(Path file, float[] batch, int n) {
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(file));
            net.initialize(m, 0);
            return OnnxFixtures.relativeDifference(logits(net, m, batch, n), OnnxFixtures.runtime(file, batch, n));
        }
    }

    @ParameterizedTest
    @MethodSource("torchvision")
    void layersAreEveryConvAndLinearInGraphOrder(String name) {
        OnnxModel model = OnnxModel.load(OnnxFixtures.model(name));
        List<Layer> layers = model.layers();
        int convs = switch (name.substring(0, name.indexOf('-'))) {
            case "resnet18" -> 20;
            case "mobilenet_v2" -> 52;
            case "googlenet" -> 57;
            default -> 8;
        };
        int linears = name.startsWith("vgg") ? 3 : 1;
        assertEquals(convs, layers.stream().filter(l -> l.op().equals("Conv")).count(), name);
        assertEquals(linears, layers.stream().filter(l -> l.op().equals("Gemm")).count(), name);
        Layer first = layers.get(0);
        assertEquals(3, first.inChannels());
        assertEquals(name.startsWith("mobilenet") ? 32 : 64, first.outChannels());
        Layer last = layers.get(layers.size() - 1);
        assertEquals(10, last.outChannels());
        assertEquals(Map.of("resnet18-bn", "conv1", "resnet18-folded", "/conv1/Conv",
                "mobilenet_v2-bn", "features.0.0", "mobilenet_v2-folded", "/features/features.0/features.0.0/Conv",
                "vgg11_bn-bn", "features.0", "vgg11_bn-folded", "/features/features.0/Conv", "googlenet-bn", "conv1.conv",
                "googlenet-folded", "/conv1/conv/Conv").get(name), first.name());
        if (name.startsWith("mobilenet")) {
            Layer depthwise = layers.get(1);
            assertTrue(depthwise.depthwise(), depthwise.toString());
            assertEquals(32, depthwise.groups());
            assertEquals(32 * 9, depthwise.parameters() - (name.endsWith("-bn") ? 0 : 32));
        }
        if (name.startsWith("vgg")) {
            assertEquals(512 * 4, layers.get(8).inChannels(), "each of 512 channels owns a 2x2 block");
        }
    }

    @Test
    void tapsAreTheLayersOutputsAveragedOverSpace() {
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model("resnet18-bn")));
            net.initialize(m, 0);
            NDArray x = m.create(OnnxFixtures.batch(2, 3), new Shape(2, 3, 32, 32));
            NDList out = net.forwardWithTaps(new ParameterStore(m, false), x);
            List<PrunableLayer> layers = net.prunableLayers();
            assertEquals(1 + layers.size(), out.size());
            for (int l = 0; l < layers.size(); l++) {
                assertEquals(new Shape(2, layers.get(l).outputs()), out.get(1 + l).getShape(), layers.get(l).name());
            }
            assertTrue(out.get(0).eq(out.get(out.size() - 1)).all().getBoolean(), "the last tap is the logits");
            assertEquals(16 * 16, net.outputPositions("conv1.weight"));
            assertEquals(1, net.outputPositions("fc.weight"));
        }
    }

    @Test
    void trainingUsesBatchStatisticsAndUpdatesTheRunningOnes() {
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model("resnet18-bn")));
            net.initialize(m, 0);
            float[] before = net.namedParameters().get("bn1.running_mean").getArray().toFloatArray();
            NDArray x = m.create(OnnxFixtures.batch(4, 5), new Shape(4, 3, 32, 32));
            NDArray train = net.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
            float[] after = net.namedParameters().get("bn1.running_mean").getArray().toFloatArray();
            assertFalse(java.util.Arrays.equals(before, after), "running mean updated");
            NDArray infer = net.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertNotEquals(0f, train.sub(infer).abs().max().getFloat());
            assertFalse(net.namedParameters().get("bn1.running_mean").requiresGradient());
            assertTrue(net.namedParameters().get("conv1.weight").requiresGradient());
        }
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path tmp) throws IOException, ai.djl.MalformedModelException {
        Path file = OnnxFixtures.model("mobilenet_v2-bn");
        Path params = tmp.resolve("net.params");
        float[] batch = OnnxFixtures.batch(2, 11);
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(file));
            net.initialize(m, 0);
            NDArray w = net.namedParameters().get("classifier.1.weight").getArray();
            w.muli(0.5f);
            float[][] expected = logits(net, m, batch, 2);
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(params))) {
                net.saveParameters(out);
            }
            OnnxNetwork back = new OnnxNetwork(OnnxModel.load(file));
            back.initialize(m, 0);
            try (DataInputStream in = new DataInputStream(Files.newInputStream(params))) {
                back.loadParameters(m, in);
            }
            float[][] actual = logits(back, m, batch, 2);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(expected[i], actual[i]);
            }
            OnnxNetwork imported = new OnnxNetwork(OnnxModel.load(file));
            imported.initialize(m, 0);
            assertNotEquals(expected[0][0], logits(imported, m, batch, 2)[0][0], "the saved weights, not the imported ones");
        }
    }
}
