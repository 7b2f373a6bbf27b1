package org.mint4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mint4j.deploy.LatencyRuns;
import org.mint4j.deploy.RuntimeLatency;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.ChannelStructure;
import org.mint4j.nn.CifarResNet;
import org.mint4j.nn.Mlp;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.ResNet50;
import org.mint4j.nn.Vgg16Bn;
import org.mint4j.prune.Budget;
import org.mint4j.prune.ChannelEvidence;
import org.mint4j.prune.ChannelPlan;
import org.mint4j.prune.FilterNormCriterion;
import org.mint4j.prune.Masks;
import org.mint4j.prune.TensorCosts;
import org.mint4j.train.EngineSetup;

/**
 * The built-in networks written as ONNX: the baseline runs in ONNX Runtime as the network runs in
 * DJL, and a channel plan's compacted export computes what the masked network computes, with the
 * MACs and parameters the plan reports.
 */
class BuiltInOnnxTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    static Stream<String> networks() {
        return Stream.of("mlp", "resnet56", "vgg16bn");
    }

    private static PrunableNetwork network(String name) {
        return switch (name) {
            case "mlp" -> Mlp.paper();
            case "resnet56" -> new CifarResNet(56);
            default -> new Vgg16Bn();
        };
    }

    @ParameterizedTest
    @MethodSource("networks")
    void theCompactedExportOfAChannelPlanIsTheMaskedNetwork(String name, @TempDir Path tmp) {
        try (NDManager m = NDManager.newBaseManager()) {
            PrunableNetwork net = network(name);
            net.initialize(m, 3);
            trainedLikeStatistics(net);
            long[] shape = new Shape(4).addAll(net.sampleShape()).getShape();
            float[] batch = gaussian((int) new Shape(shape).size(), 5);

            baselineRunsAsTheNetwork(net, m, batch, shape, tmp);

            List<ChannelFamily> families = ((ChannelStructure) net).channelFamilies();
            TensorCosts costs = TensorCosts.of(net);
            List<double[]> importance = ChannelEvidence.of(net, List.of()).importance(new FilterNormCriterion(1),
                    families, List.of());
            ChannelPlan plan = ChannelPlan.builder().setFamilies(families, importance).setCosts(costs)
                    .setBudget(Budget.MACS, 0.5).build();
            Masks masks = plan.masks(costs.shapes());
            masks.bind(net, m).applyToWeights();
            Path compacted = tmp.resolve("compacted.onnx");
            OnnxExport.compacted(BuiltInOnnx.of(net, m), masks, compacted);
            double diff = OnnxFixtures.relativeDifference(OnnxFixtures.runtime(compacted, batch, shape),
                    logits(net, m, batch, shape));
            assertTrue(diff < 1e-4, name + ": the compacted export differs from the masked network by " + diff);

            OnnxNetwork small = new OnnxNetwork(OnnxModel.load(compacted));
            small.initialize(m, 0);
            TensorCosts after = TensorCosts.of(small);
            assertTrue(plan.achieved().macs() <= 0.5 * costs.macs(), name + ": " + plan.achieved());
            assertEquals(plan.achieved().macs(), after.macs(), name + " MACs");
            assertEquals(plan.achieved().parameters(), after.parameters(), name + " parameters");

            // So a latency budget and the results tables can time it where it is deployed.
            RuntimeLatency runtime = RuntimeLatency.forNetwork(net).orElseThrow();
            double[] millis = runtime.millis(net, masks, new int[] {1, 2}, 1, new LatencyRuns(0, 1));
            assertTrue(millis.length == 2 && millis[0] > 0 && millis[1] > 0, name + ": " + Arrays.toString(millis));
        }
    }

    /** ResNet-50 (torchvision's layout) has no channel plan of its own; it is exported and timed as it is. */
    @Test
    void resnet50RunsInOnnxRuntimeAsInDjl(@TempDir Path tmp) {
        try (NDManager m = NDManager.newBaseManager()) {
            PrunableNetwork net = new ResNet50(10);
            net.initialize(m, 3);
            trainedLikeStatistics(net);
            long[] shape = new Shape(2).addAll(net.sampleShape()).getShape();
            baselineRunsAsTheNetwork(net, m, gaussian((int) new Shape(shape).size(), 6), shape, tmp);
        }
    }

    private static void baselineRunsAsTheNetwork(PrunableNetwork net, NDManager m, float[] batch, long[] shape,
            Path tmp) {
        Path baseline = tmp.resolve("baseline.onnx");
        OnnxExport.baseline(BuiltInOnnx.of(net, m), baseline);
        double diff = OnnxFixtures.relativeDifference(OnnxFixtures.runtime(baseline, batch, shape),
                logits(net, m, batch, shape));
        assertTrue(diff < 1e-4, net.architecture() + ": the baseline export differs from the network by " + diff);
    }

    /** BatchNorm statistics away from (0, 1), as training leaves them, so that the export must carry them. */
    private static void trainedLikeStatistics(PrunableNetwork net) {
        Random rng = new Random(11);
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            boolean mean = e.getKey().endsWith("running_mean");
            if (mean || e.getKey().endsWith("running_var")) {
                NDArray a = e.getValue().getArray();
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = mean ? (float) (0.2 * rng.nextGaussian()) : (float) (0.5 + rng.nextDouble());
                }
                a.set(FloatBuffer.wrap(v));
            }
        }
    }

    private static float[] gaussian(int size, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static float[][] logits(PrunableNetwork net, NDManager m, float[] batch, long[] shape) {
        try (NDManager scope = m.newSubManager()) {
            NDArray y = net.block().forward(new ParameterStore(scope, false), new NDList(scope.create(batch, new Shape(shape))),
                    false).singletonOrThrow();
            float[] flat = y.toFloatArray();
            int classes = (int) y.getShape().get(1);
            float[][] out = new float[(int) shape[0]][classes];
            for (int i = 0; i < out.length; i++) {
                System.arraycopy(flat, i * classes, out[i], 0, classes);
            }
            return out;
        }
    }
}
