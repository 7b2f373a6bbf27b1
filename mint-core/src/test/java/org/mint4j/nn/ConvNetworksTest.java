package org.mint4j.nn;

import org.mint4j.prune.Gamma;
import org.mint4j.prune.LayerPair;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mint4j.gmi.ColumnGroups;
import org.mint4j.gmi.Matrix;
import org.mint4j.prune.MintCriterion;
import org.mint4j.prune.Criterion;
import org.mint4j.prune.MaskPlan;
import org.mint4j.prune.Masks;
import org.mint4j.prune.PairData;
import org.mint4j.prune.ScoredPair;
import org.mint4j.recipe.Recipe;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.NesterovSgd;

/** Forward, backward, taps, masking and scoring of the conv nets on small inputs. */
class ConvNetworksTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(2);
    }

    /** network, input side, parent layer, child layer of a directly connected pair. */
    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of(new CifarResNet(20), 32, "layer2.0.conv1", "layer2.0.conv2"),
                Arguments.of(new Vgg16Bn(), 32, "conv4", "conv5"),
                Arguments.of(new ResNet50(10), 64, "layer1.0.conv1", "layer1.0.conv2"));
    }

    @ParameterizedTest
    @MethodSource("networks")
    void forwardBackwardTapsMaskingAndScoring(PrunableNetwork net, int side, String parent, String child) {
        int batch = 24;
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, 3);
            Random rng = new Random(1);
            float[] pixels = new float[batch * 3 * side * side];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) rng.nextGaussian();
            }
            NDArray x = m.create(pixels, new Shape(batch, 3, side, side));
            ParameterStore store = new ParameterStore(m, false);

            NDList tapped = net.forwardWithTaps(store, x);
            List<PrunableLayer> layers = net.prunableLayers();
            assertEquals(layers.size() + 1, tapped.size());
            for (int l = 0; l < layers.size(); l++) {
                assertArrayEquals(new long[] {batch, layers.get(l).outputs()}, tapped.get(1 + l).getShape().getShape(),
                        layers.get(l).name());
            }
            NDArray logits = net.block().forward(store, new NDList(x), false).singletonOrThrow();
            assertArrayEquals(logits.toFloatArray(), tapped.get(0).toFloatArray(), 1e-5f);

            // Score the pair with MINT on the taps, prune half of its group pairs.
            int pi = index(layers, parent);
            int ci = index(layers, child);
            Parameter weight = net.namedParameters().get(layers.get(ci).weight());
            long[] shape = weight.getShape().getShape();
            assertEquals(layers.get(pi).outputs(), shape[1], "directly connected");
            PairData data = new PairData(new LayerPair(parent, child, 4, 2),
                    Matrix.ofFloats(batch, layers.get(pi).outputs(), tapped.get(1 + pi).toFloatArray()),
                    Matrix.ofFloats(batch, layers.get(ci).outputs(), tapped.get(1 + ci).toFloatArray()),
                    ColumnGroups.sequential((int) shape[1], 4), ColumnGroups.sequential((int) shape[0], 2),
                    weight.getArray().toFloatArray(), shape);
            double[][] scores = new MintCriterion(4, false, 0).score(data, 2, Criterion.Progress.NONE);
            assertEquals(2, scores.length);
            assertEquals(4, scores[0].length);
            MaskPlan plan = MaskPlan.plan(List.of(new ScoredPair(data.pair(), shape, scores)), 0.5,
                    Gamma.NONE, List.of());
            Masks masks = plan.masks(Map.of(child, layers.get(ci).weight()));
            float[] mask = masks.byWeight().get(layers.get(ci).weight());
            assertEquals(mask.length / 2, masks.zeros(layers.get(ci).weight()), "whole k x k kernels");
            Masks.Bound bound = masks.bind(net, m);
            bound.beforeTraining();

            // One masked training step: gradients flow, masked kernels stay zero.
            float[] before = weight.getArray().toFloatArray();
            NesterovSgd sgd = NesterovSgd.builder().setLearningRate(0.1f).optMomentum(0.9f).optNesterov(true)
                    .optWeightDecays(1e-4f).build();
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = i % 10;
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                NDArray out = net.block().forward(store, new NDList(x), true).singletonOrThrow();
                gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(m.create(labels)), new NDList(out)));
            }
            bound.beforeUpdate();
            for (Parameter p : net.namedParameters().values()) {
                if (p.requiresGradient()) {
                    sgd.update(p.getId(), p.getArray(), p.getArray().getGradient());
                }
            }
            float[] after = weight.getArray().toFloatArray();
            int changed = 0;
            for (int i = 0; i < after.length; i++) {
                if (mask[i] == 0f) {
                    assertTrue(after[i] == 0f, "masked weight " + i);
                } else if (after[i] != before[i]) {
                    changed++;
                }
            }
            assertTrue(changed > 0, "unmasked weights were trained");
        }
    }

    static int index(List<PrunableLayer> layers, String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }
}
