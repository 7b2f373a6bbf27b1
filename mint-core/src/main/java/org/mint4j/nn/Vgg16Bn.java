package org.mint4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * VGG16 with BatchNorm for CIFAR-10, named as the MINT authors' model: conv1..conv13 (3x3,
 * padding 1, with bias) each followed by bn1..bn13 and ReLU, max-pooling after conv2, 4, 7, 10
 * and 13; then linear1 (512 -> 512) with bn14 and ReLU, and linear3 (512 -> 10). The authors
 * put a 7x7 adaptive average pool before linear1, which on CIFAR's 1x1 map only repeats each value
 * 49 times; this model feeds the 512 values directly (the same functions, 49 times fewer linear1
 * weights) and uses 512 hidden units instead of 4,096, as the usual CIFAR VGG16.
 *
 * <p>Prunable layers: conv1..conv13, linear1, linear3. Conv taps are the conv outputs before
 * BatchNorm, averaged over space, as the authors tap them; linear1's tap is its output before bn14.
 */
public final class Vgg16Bn extends ConvNetwork implements CompactableNetwork, OperatorGraph.Writable {

    private static final byte VERSION = 1;
    private static final int[] WIDTHS = {64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512};
    private static final boolean[] POOL_AFTER = {false, true, false, true, false, false, true, false, false, true,
        false, false, true};

    private final int[] widths;
    private final int hidden;
    private final List<Conv2d> convs = new ArrayList<>();
    private final List<BatchNorm> norms = new ArrayList<>();
    private final Linear linear1;
    private final BatchNorm bn14;
    private final Linear linear3;

    public Vgg16Bn() {
        this(WIDTHS, 512);
    }

    /** The same layers with other channel counts (a compacted VGG16-BN). */
    public Vgg16Bn(int[] convWidths, int hiddenUnits) {
        super(VERSION);
        if (convWidths.length != WIDTHS.length) {
            throw new IllegalArgumentException("VGG16 has " + WIDTHS.length + " convs, not " + convWidths.length);
        }
        widths = convWidths.clone();
        hidden = hiddenUnits;
        for (int i = 0; i < widths.length; i++) {
            convs.add(addChildBlock("conv" + (i + 1), ConvNets.conv(widths[i], 3, 1, 1, true)));
            norms.add(addChildBlock("bn" + (i + 1), ConvNets.batchNorm()));
        }
        linear1 = addChildBlock("linear1", Linear.builder().setUnits(hidden).build());
        bn14 = addChildBlock("bn14", ConvNets.batchNorm());
        linear3 = addChildBlock("linear3", Linear.builder().setUnits(10).build());
    }

    @Override
    public String architecture() {
        return "vgg16bn";
    }

    @Override
    public Shape sampleShape() {
        return new Shape(3, 32, 32);
    }

    @Override
    public List<PrunableLayer> prunableLayers() {
        List<PrunableLayer> out = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            out.add(new PrunableLayer("conv" + (i + 1), "conv" + (i + 1) + ".weight", widths[i]));
        }
        out.add(new PrunableLayer("linear1", "linear1.weight", hidden));
        out.add(new PrunableLayer("linear3", "linear3.weight", 10));
        return out;
    }

    /**
     * conv_i -> conv_(i+1) (padded: constants stay), conv13 -> linear1 (the 1x1 map after the last
     * pool flattens channel c to feature c) and linear1 -> linear3.
     */
    @Override
    public List<ChannelLink> channelLinks() {
        List<ChannelLink> out = new ArrayList<>();
        for (int i = 1; i < widths.length; i++) {
            out.add(new ChannelLink("conv" + i, "bn" + i, "conv" + (i + 1), false));
        }
        out.add(new ChannelLink("conv" + widths.length, "bn" + widths.length, "linear1", true));
        out.add(new ChannelLink("linear1", "bn14", "linear3", true));
        return out;
    }

    @Override
    public int[] channels() {
        int[] out = java.util.Arrays.copyOf(widths, widths.length + 1);
        out[widths.length] = hidden;
        return out;
    }

    @Override
    public Vgg16Bn withChannels(int[] channels) {
        return new Vgg16Bn(java.util.Arrays.copyOf(channels, WIDTHS.length), channels[WIDTHS.length]);
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (int i = 0; i < convs.size(); i++) {
            ConvNets.nameConv(out, "conv" + (i + 1), convs.get(i));
            ConvNets.nameBatchNorm(out, "bn" + (i + 1), norms.get(i));
        }
        ConvNets.nameLinear(out, "linear1", linear1);
        ConvNets.nameBatchNorm(out, "bn14", bn14);
        ConvNets.nameLinear(out, "linear3", linear3);
        return out;
    }

    /** conv1..conv13 with BatchNorm and ReLU; the last max-pool belongs to the head. */
    @Override
    NDArray body(ParameterStore ps, NDArray x, boolean training, List<NDArray> taps) {
        for (int i = 0; i < convs.size(); i++) {
            x = apply(convs.get(i), ps, x, training);
            if (taps != null) {
                taps.add(ConvNets.spatialMean(x));
            }
            x = apply(norms.get(i), ps, x, training).getNDArrayInternal().relu();
            if (POOL_AFTER[i] && i < convs.size() - 1) {
                x = maxPool(x);
            }
        }
        return x;
    }

    @Override
    NDArray classify(ParameterStore ps, NDArray features, boolean training, List<NDArray> taps) {
        NDArray x = maxPool(features);
        x = x.reshape(x.getShape().get(0), -1);
        x = apply(linear1, ps, x, training);
        if (taps != null) {
            taps.add(x);
        }
        x = apply(bn14, ps, x, training).getNDArrayInternal().relu();
        NDArray logits = apply(linear3, ps, x, training);
        if (taps != null) {
            taps.add(logits);
        }
        return logits;
    }

    @Override
    public String writeTo(OperatorGraph graph) {
        String x = graph.input();
        for (int i = 0; i < convs.size(); i++) {
            x = graph.relu(graph.batchNorm(graph.conv(x, "conv" + (i + 1), 3, 1, 1), "bn" + (i + 1)));
            if (POOL_AFTER[i]) {
                x = graph.maxPool(x, 2, 2, 0);
            }
        }
        x = graph.relu(graph.batchNorm(graph.linear(graph.flatten(x), "linear1"), "bn14"));
        return graph.linear(x, "linear3");
    }

    private static NDArray maxPool(NDArray x) {
        return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 10)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (int i = 0; i < convs.size(); i++) {
            s = init(convs.get(i), manager, type, s);
            init(norms.get(i), manager, type, s);
            if (POOL_AFTER[i]) {
                s = new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2);
            }
        }
        Shape flat = new Shape(s.get(0), s.get(1) * s.get(2) * s.get(3));
        Shape h = init(linear1, manager, type, flat);
        init(bn14, manager, type, h);
        init(linear3, manager, type, h);
    }

    /** He-normal conv weights with zero biases, PyTorch-default linear layers, BatchNorm at (1, 0). */
    @Override
    public void initialize(NDManager manager, long seed) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        Random rng = new Random(seed);
        for (Conv2d conv : convs) {
            ConvNets.kaimingNormal(conv.getParameters().get("weight"), rng);
            conv.getParameters().get("bias").getArray().muli(0);
        }
        int features = widths[widths.length - 1];
        Initialization.pytorchUniform(linear1.getParameters().get("weight"), features, rng);
        Initialization.pytorchUniform(linear1.getParameters().get("bias"), features, rng);
        Initialization.pytorchUniform(linear3.getParameters().get("weight"), hidden, rng);
        Initialization.pytorchUniform(linear3.getParameters().get("bias"), hidden, rng);
    }
}
