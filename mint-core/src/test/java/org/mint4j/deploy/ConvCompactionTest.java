package org.mint4j.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.SharedData;
import org.mint4j.nn.CifarResNet;
import org.mint4j.nn.CompactableNetwork;
import org.mint4j.nn.PytorchWeights;
import org.mint4j.nn.Safetensors;
import org.mint4j.nn.Vgg16Bn;
import org.mint4j.recipe.Recipes;
import org.mint4j.train.EngineSetup;

/**
 * Compacted conv nets give the masked net's outputs. The masks are built to exercise every rule:
 * channels without outgoing weights, channels without incoming weights whose constant is zero
 * (dropped) or positive (kept before a padded conv, folded into a linear layer's bias).
 */
class ConvCompactionTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    /** Random BatchNorm statistics and affine parameters, so that the norm is not the identity. */
    static void randomNorms(CompactableNetwork net, Random rng) {
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            String k = e.getKey();
            float[] v = e.getValue().getArray().toFloatArray();
            if (k.endsWith("running_var")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.5f + rng.nextFloat();
                }
            } else if (k.endsWith("running_mean") || (k.startsWith("bn") || k.contains(".bn")) && k.endsWith("bias")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (0.3 * rng.nextGaussian());
                }
            } else {
                continue;
            }
            e.getValue().getArray().set(FloatBuffer.wrap(v));
        }
    }

    /**
     * Zeroes, for the link producer -> consumer: incoming weights of producer channels {@code in},
     * outgoing weights (consumer input columns) of channels {@code out}; sets the producer's bias of
     * the channels in {@code in} to {@code bias} when it has one.
     */
    static void cut(CompactableNetwork net, String producer, String consumer, int[] in, int[] out, float bias) {
        Parameter w = net.namedParameters().get(producer + ".weight");
        long[] s = w.getShape().getShape();
        float[] v = w.getArray().toFloatArray();
        int inner = (int) (v.length / s[0]);
        for (int c : in) {
            java.util.Arrays.fill(v, c * inner, (c + 1) * inner, 0f);
        }
        w.getArray().set(FloatBuffer.wrap(v));
        Parameter b = net.namedParameters().get(producer + ".bias");
        if (b != null) {
            float[] bv = b.getArray().toFloatArray();
            for (int c : in) {
                bv[c] = bias;
            }
            b.getArray().set(FloatBuffer.wrap(bv));
        }
        Parameter cw = net.namedParameters().get(consumer + ".weight");
        long[] cs = cw.getShape().getShape();
        float[] cv = cw.getArray().toFloatArray();
        int k = (int) (cv.length / cs[0] / cs[1]);
        for (int o = 0; o < cs[0]; o++) {
            for (int c : out) {
                java.util.Arrays.fill(cv, (int) ((o * cs[1] + c) * k), (int) ((o * cs[1] + c + 1) * k), 0f);
            }
        }
        cw.getArray().set(FloatBuffer.wrap(cv));
    }

    static NDArray images(NDManager m, int n) {
        Random rng = new Random(5);
        float[] x = new float[n * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return m.create(x, new Shape(n, 3, 32, 32));
    }

    @Test
    void vgg16BnCompactsToTheSameOutputs(@TempDir Path tmp) {
        try (NDManager m = NDManager.newBaseManager()) {
            Vgg16Bn net = new Vgg16Bn();
            net.initialize(m, 3);
            randomNorms(net, new Random(4));
            // conv3: 8 channels lose their outputs into conv4.
            cut(net, "conv3", "conv4", new int[0], range(0, 8), 0f);
            // conv5: 4 channels lose their inputs with a bias that BatchNorm maps below zero after
            // making bn5 subtract a large mean: constant 0, dropped. 2 more keep a positive constant.
            cut(net, "conv5", "conv6", new int[] {10, 11, 12, 13, 20, 21}, new int[0], 0f);
            float[] mean = net.namedParameters().get("bn5.running_mean").getArray().toFloatArray();
            float[] beta = net.namedParameters().get("bn5.bias").getArray().toFloatArray();
            for (int c : new int[] {10, 11, 12, 13}) {
                mean[c] = 5f;
            }
            beta[20] = 1f;
            beta[21] = 1f;
            mean[20] = 0f;
            mean[21] = 0f;
            net.namedParameters().get("bn5.running_mean").getArray().set(FloatBuffer.wrap(mean));
            net.namedParameters().get("bn5.bias").getArray().set(FloatBuffer.wrap(beta));
            // conv13 -> linear1: 16 channels without inputs (positive constants fold into linear1's bias).
            cut(net, "conv13", "linear1", range(100, 116), new int[0], 0.5f);
            // linear1 -> linear3: 100 hidden units without outputs.
            cut(net, "linear1", "linear3", new int[0], range(0, 100), 0f);

            CompactableNetwork compact = Compaction.compact(net, m);
            int[] c = compact.channels();
            assertEquals(128 - 8, c[2]);
            assertEquals(256 - 4, c[4], "the two positive constants before a padded conv are kept");
            assertEquals(512 - 16, c[12]);
            assertEquals(512 - 100, c[13]);
            NDArray x = images(m, 8);
            float[] masked = DeployTest.outputs(net, x, m);
            assertTrue(DeployTest.maxAbsDiff(masked, DeployTest.outputs(compact, x, m)) <= 1e-5f);

            PrunedModel.save(tmp.resolve("vgg"), Recipes.load("cifar10-vgg16bn"), compact, null, Map.of());
            PrunedModel.Loaded back = PrunedModel.load(tmp.resolve("vgg"), m);
            assertArrayEquals(c, ((CompactableNetwork) back.network()).channels());
            assertArrayEquals(DeployTest.outputs(compact, x, m), DeployTest.outputs(back.network(), x, m));
            Map<String, Safetensors.Tensor> exported = PytorchWeights.export(compact);
            assertArrayEquals(new long[] {c[4], c[3], 3, 3}, exported.get("conv5.weight").shape());
            assertArrayEquals(new long[] {c[13]}, exported.get("bn14.running_var").shape());
        }
    }

    @Test
    void resnet56CompactsInsideBlocksAndKeepsTheStream() {
        try (NDManager m = NDManager.newBaseManager()) {
            // The pretrained weights: random ones grow the logits to ~1e5 over 27 blocks, where
            // float rounding alone exceeds 1e-5.
            CifarResNet net = new CifarResNet(56);
            net.initialize(m, 3);
            PytorchWeights.load(net, SharedData.directory().root().resolve("pretrained/resnet56.safetensors"));
            cut(net, "layer1.0.conv1", "layer1.0.conv2", new int[0], range(0, 5), 0f);
            cut(net, "layer2.3.conv1", "layer2.3.conv2", new int[0], range(10, 30), 0f);
            // Inputs cut: bn1's constant beta - mean * gamma / sd decides; beta very negative -> 0.
            cut(net, "layer3.8.conv1", "layer3.8.conv2", range(0, 40), new int[0], 0f);
            float[] beta = net.namedParameters().get("layer3.8.bn1.bias").getArray().toFloatArray();
            float[] mean = net.namedParameters().get("layer3.8.bn1.running_mean").getArray().toFloatArray();
            for (int ch = 0; ch < 40; ch++) {
                beta[ch] = ch < 30 ? -3f : 3f;
                mean[ch] = 0f;
            }
            net.namedParameters().get("layer3.8.bn1.bias").getArray().set(FloatBuffer.wrap(beta));
            net.namedParameters().get("layer3.8.bn1.running_mean").getArray().set(FloatBuffer.wrap(mean));
            // layer1.1's residual branch writes nothing: its inner channels all lose their outputs and
            // one silent channel is left, but conv2 still writes the 16 stream channels (as zeros).
            cut(net, "layer1.1.conv2", "layer1.2.conv1", range(0, 16), new int[0], 0f);

            // 125,485,696: the figure usually quoted for ResNet-56 (one MAC per weight and output pixel).
            assertEquals(125_485_696L, ModelBench.macs(net, false));
            CompactableNetwork compact = Compaction.compact(net, m);
            int[] c = compact.channels();
            assertEquals(ModelBench.macs(net, false) - (5 * 16 + 16 * 5) * 9 * 1024L - (20 * 32 + 32 * 20) * 9 * 256L
                    - (30 * 64 + 64 * 30) * 9 * 64L - (15 * 16 + 16 * 15) * 9 * 1024L, ModelBench.macs(compact, false));
            assertEquals(16 - 5, c[0]);
            assertEquals(32 - 20, c[9 + 3]);
            assertEquals(64 - 30, c[26]);
            assertEquals(1, c[1]);
            assertArrayEquals(new long[] {16, 1, 3, 3},
                    compact.namedParameters().get("layer1.1.conv2.weight").getShape().getShape());
            NDArray x = images(m, 4);
            float[] masked = DeployTest.outputs(net, x, m);
            float diff = DeployTest.maxAbsDiff(masked, DeployTest.outputs(compact, x, m));
            assertTrue(diff <= 1e-5f, diff + " on outputs up to " + DeployTest.maxAbsDiff(masked, new float[masked.length]));
        }
    }

    static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }
}
