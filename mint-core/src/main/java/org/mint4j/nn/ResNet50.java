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
 * ResNet-50 in torchvision's layout and names (v1.5: the stride sits on the 3x3 conv of a
 * bottleneck), so torchvision's state_dict loads by name: conv1 7x7/2, bn1, max-pool 3x3/2,
 * layer1..layer4 of 3, 4, 6, 3 bottlenecks (conv1 1x1, conv2 3x3, conv3 1x1 with 4x expansion,
 * each with BatchNorm; a downsample 1x1 conv + BatchNorm on the first block of each layer), global
 * average pooling and fc (2048 -> classes).
 *
 * <p>Prunable layers: every conv in forward order (a block's downsample after its conv3), then fc.
 * Taps: conv outputs before BatchNorm, averaged over space; fc's logits.
 */
public final class ResNet50 extends ConvNetwork implements OperatorGraph.Writable {

    private static final byte VERSION = 1;
    private static final int[] BLOCKS = {3, 4, 6, 3};

    private final int classes;
    private final Conv2d stem;
    private final BatchNorm stemNorm;
    private final List<Bottleneck> blocks = new ArrayList<>();
    private final Linear fc;

    private record Bottleneck(String name, int width, int stride, Conv2d conv1, BatchNorm bn1, Conv2d conv2,
            BatchNorm bn2, Conv2d conv3, BatchNorm bn3, Conv2d downsample, BatchNorm downsampleNorm) {
    }

    public ResNet50(int classes) {
        super(VERSION);
        this.classes = classes;
        stem = addChildBlock("conv1", ConvNets.conv(64, 7, 2, 3, false));
        stemNorm = addChildBlock("bn1", ConvNets.batchNorm());
        for (int layer = 0; layer < 4; layer++) {
            int width = 64 << layer;
            for (int b = 0; b < BLOCKS[layer]; b++) {
                String name = "layer" + (layer + 1) + "." + b;
                int stride = layer > 0 && b == 0 ? 2 : 1;
                boolean down = b == 0;
                blocks.add(new Bottleneck(name, width, stride,
                        addChildBlock(name + ".conv1", ConvNets.conv(width, 1, 1, 0, false)),
                        addChildBlock(name + ".bn1", ConvNets.batchNorm()),
                        addChildBlock(name + ".conv2", ConvNets.conv(width, 3, stride, 1, false)),
                        addChildBlock(name + ".bn2", ConvNets.batchNorm()),
                        addChildBlock(name + ".conv3", ConvNets.conv(4 * width, 1, 1, 0, false)),
                        addChildBlock(name + ".bn3", ConvNets.batchNorm()),
                        down ? addChildBlock(name + ".downsample.0", ConvNets.conv(4 * width, 1, stride, 0, false))
                                : null,
                        down ? addChildBlock(name + ".downsample.1", ConvNets.batchNorm()) : null));
            }
        }
        fc = addChildBlock("fc", Linear.builder().setUnits(classes).build());
    }

    @Override
    public String architecture() {
        return "resnet50";
    }

    @Override
    public Shape sampleShape() {
        return new Shape(3, 224, 224);
    }

    @Override
    public List<PrunableLayer> prunableLayers() {
        List<PrunableLayer> out = new ArrayList<>();
        out.add(new PrunableLayer("conv1", "conv1.weight", 64));
        for (Bottleneck b : blocks) {
            out.add(new PrunableLayer(b.name() + ".conv1", b.name() + ".conv1.weight", b.width()));
            out.add(new PrunableLayer(b.name() + ".conv2", b.name() + ".conv2.weight", b.width()));
            out.add(new PrunableLayer(b.name() + ".conv3", b.name() + ".conv3.weight", 4 * b.width()));
            if (b.downsample() != null) {
                out.add(new PrunableLayer(b.name() + ".downsample.0", b.name() + ".downsample.0.weight",
                        4 * b.width()));
            }
        }
        out.add(new PrunableLayer("fc", "fc.weight", classes));
        return out;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        ConvNets.nameConv(out, "conv1", stem);
        ConvNets.nameBatchNorm(out, "bn1", stemNorm);
        for (Bottleneck b : blocks) {
            ConvNets.nameConv(out, b.name() + ".conv1", b.conv1());
            ConvNets.nameBatchNorm(out, b.name() + ".bn1", b.bn1());
            ConvNets.nameConv(out, b.name() + ".conv2", b.conv2());
            ConvNets.nameBatchNorm(out, b.name() + ".bn2", b.bn2());
            ConvNets.nameConv(out, b.name() + ".conv3", b.conv3());
            ConvNets.nameBatchNorm(out, b.name() + ".bn3", b.bn3());
            if (b.downsample() != null) {
                ConvNets.nameConv(out, b.name() + ".downsample.0", b.downsample());
                ConvNets.nameBatchNorm(out, b.name() + ".downsample.1", b.downsampleNorm());
            }
        }
        ConvNets.nameLinear(out, "fc", fc);
        return out;
    }

    @Override
    NDArray body(ParameterStore ps, NDArray input, boolean training, List<NDArray> taps) {
        NDArray x = conv(stem, ps, input, training, taps);
        x = apply(stemNorm, ps, x, training).getNDArrayInternal().relu();
        x = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        for (Bottleneck b : blocks) {
            NDArray out = conv(b.conv1(), ps, x, training, taps);
            out = apply(b.bn1(), ps, out, training).getNDArrayInternal().relu();
            out = conv(b.conv2(), ps, out, training, taps);
            out = apply(b.bn2(), ps, out, training).getNDArrayInternal().relu();
            out = conv(b.conv3(), ps, out, training, taps);
            out = apply(b.bn3(), ps, out, training);
            NDArray identity = x;
            if (b.downsample() != null) {
                identity = apply(b.downsampleNorm(), ps, conv(b.downsample(), ps, x, training, taps), training);
            }
            x = out.add(identity).getNDArrayInternal().relu();
        }
        return x;
    }

    @Override
    public String writeTo(OperatorGraph graph) {
        String x = graph.relu(graph.batchNorm(graph.conv(graph.input(), "conv1", 7, 2, 3), "bn1"));
        x = graph.maxPool(x, 3, 2, 1);
        for (Bottleneck b : blocks) {
            String out = graph.relu(graph.batchNorm(graph.conv(x, b.name() + ".conv1", 1, 1, 0), b.name() + ".bn1"));
            out = graph.relu(graph.batchNorm(graph.conv(out, b.name() + ".conv2", 3, b.stride(), 1), b.name() + ".bn2"));
            out = graph.batchNorm(graph.conv(out, b.name() + ".conv3", 1, 1, 0), b.name() + ".bn3");
            String identity = b.downsample() == null ? x : graph.batchNorm(
                    graph.conv(x, b.name() + ".downsample.0", 1, b.stride(), 0), b.name() + ".downsample.1");
            x = graph.relu(graph.add(out, identity));
        }
        return graph.linear(graph.flatten(graph.globalAveragePool(x)), "fc");
    }

    @Override
    NDArray classify(ParameterStore ps, NDArray features, boolean training, List<NDArray> taps) {
        NDArray logits = apply(fc, ps, ConvNets.spatialMean(features), training);
        if (taps != null) {
            taps.add(logits);
        }
        return logits;
    }

    private static NDArray conv(Conv2d conv, ParameterStore ps, NDArray x, boolean training, List<NDArray> taps) {
        NDArray out = apply(conv, ps, x, training);
        if (taps != null) {
            taps.add(ConvNets.spatialMean(out));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... inputShapes) {
        Shape s = init(stem, manager, type, inputShapes[0]);
        init(stemNorm, manager, type, s);
        s = new Shape(s.get(0), s.get(1), (s.get(2) + 1) / 2, (s.get(3) + 1) / 2);
        for (Bottleneck b : blocks) {
            Shape in = s;
            Shape t = init(b.conv1(), manager, type, in);
            init(b.bn1(), manager, type, t);
            t = init(b.conv2(), manager, type, t);
            init(b.bn2(), manager, type, t);
            t = init(b.conv3(), manager, type, t);
            init(b.bn3(), manager, type, t);
            if (b.downsample() != null) {
                Shape d = init(b.downsample(), manager, type, in);
                init(b.downsampleNorm(), manager, type, d);
            }
            s = t;
        }
        init(fc, manager, type, new Shape(s.get(0), s.get(1)));
    }

    /** He-normal convs, PyTorch-default fc, BatchNorm at (1, 0), as torchvision. */
    @Override
    public void initialize(NDManager manager, long seed) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
        Random rng = new Random(seed);
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            if (e.getKey().endsWith(".weight") && e.getValue().getShape().dimension() == 4) {
                ConvNets.kaimingNormal(e.getValue(), rng);
            }
        }
        Initialization.pytorchUniform(fc.getParameters().get("weight"), 2048, rng);
        Initialization.pytorchUniform(fc.getParameters().get("bias"), 2048, rng);
    }
}
