package org.mint4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The CIFAR-10 ResNets of He et al. (2016) as akamaster/pytorch_resnet_cifar10 builds them, so that
 * its pretrained weights load by name: a 3x3 stem of 16 channels, three stages of n BasicBlocks
 * (16, 32, 64 channels; the first block of stages 2 and 3 has stride 2), "option A" shortcuts
 * (subsample by 2 and zero-pad the channels, no weights), global average pooling and one linear
 * layer. Depth = 6n + 2: 20, 32, 44, 56.
 *
 * <p>Prunable layers: every conv in forward order, then the linear layer. A conv's tap is its
 * output before BatchNorm, averaged over space (as the authors tap VGG's convs).
 */
public final class CifarResNet extends ConvNetwork implements CompactableNetwork, OperatorGraph.Writable {

    private static final byte VERSION = 1;

    private final int depth;
    private final Conv2d stem;
    private final BatchNorm stemNorm;
    private final List<BasicBlock> blocks = new ArrayList<>();
    private final Linear linear;

    private record BasicBlock(String name, int inPlanes, int planes, int inner, int stride, Conv2d conv1, BatchNorm bn1,
            Conv2d conv2, BatchNorm bn2) {
    }

    public CifarResNet(int depth) {
        this(depth, null);
    }

    /**
     * A CIFAR ResNet whose blocks' inner channel counts (conv1's outputs, conv2's inputs) are
     * {@code inner}, one per block in order (null: the planes of each stage). The residual
     * stream keeps its 16, 32, 64 channels.
     */
    public CifarResNet(int depth, int[] inner) {
        super(VERSION);
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("a CIFAR ResNet has depth 6n + 2 (20, 32, 44, 56, ...), not " + depth);
        }
        this.depth = depth;
        int n = (depth - 2) / 6;
        if (inner != null && inner.length != 3 * n) {
            throw new IllegalArgumentException("resnet" + depth + " has " + 3 * n + " blocks, not " + inner.length);
        }
        stem = addChildBlock("conv1", ConvNets.conv(16, 3, 1, 1, false));
        stemNorm = addChildBlock("bn1", ConvNets.batchNorm());
        int inPlanes = 16;
        for (int stage = 1; stage <= 3; stage++) {
            int planes = 16 << (stage - 1);
            for (int b = 0; b < n; b++) {
                int stride = stage > 1 && b == 0 ? 2 : 1;
                String name = "layer" + stage + "." + b;
                int width = inner == null ? planes : inner[blocks.size()];
                blocks.add(new BasicBlock(name, inPlanes, planes, width, stride,
                        addChildBlock(name + ".conv1", ConvNets.conv(width, 3, stride, 1, false)),
                        addChildBlock(name + ".bn1", ConvNets.batchNorm()),
                        addChildBlock(name + ".conv2", ConvNets.conv(planes, 3, 1, 1, false)),
                        addChildBlock(name + ".bn2", ConvNets.batchNorm())));
                inPlanes = planes;
            }
        }
        linear = addChildBlock("linear", Linear.builder().setUnits(10).build());
    }

    @Override
    public String architecture() {
        return "resnet" + depth;
    }

    @Override
    public Shape sampleShape() {
        return new Shape(3, 32, 32);
    }

    @Override
    public List<PrunableLayer> prunableLayers() {
        List<PrunableLayer> out = new ArrayList<>();
        out.add(new PrunableLayer("conv1", "conv1.weight", 16));
        for (BasicBlock b : blocks) {
            out.add(new PrunableLayer(b.name() + ".conv1", b.name() + ".conv1.weight", b.inner()));
            out.add(new PrunableLayer(b.name() + ".conv2", b.name() + ".conv2.weight", b.planes()));
        }
        out.add(new PrunableLayer("linear", "linear.weight", 10));
        return out;
    }

    /**
     * Inside each block, conv1 -> bn1 -> ReLU -> conv2. The residual stream's channels are not
     * linked: each is written by every block of its stage and read by the next, so it could only
     * go everywhere at once; with the paper's skip list (convs 16, 20, 38, 54 read the stream and
     * are never pruned) no stream channel ever loses all its readers.
     */
    @Override
    public List<ChannelLink> channelLinks() {
        return blocks.stream().map(b -> new ChannelLink(b.name() + ".conv1", b.name() + ".bn1",
                b.name() + ".conv2", false)).toList();
    }

    @Override
    public int[] channels() {
        return blocks.stream().mapToInt(BasicBlock::inner).toArray();
    }

    @Override
    public CifarResNet withChannels(int[] channels) {
        return new CifarResNet(depth, channels);
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        ConvNets.nameConv(out, "conv1", stem);
        ConvNets.nameBatchNorm(out, "bn1", stemNorm);
        for (BasicBlock b : blocks) {
            ConvNets.nameConv(out, b.name() + ".conv1", b.conv1());
            ConvNets.nameBatchNorm(out, b.name() + ".bn1", b.bn1());
            ConvNets.nameConv(out, b.name() + ".conv2", b.conv2());
            ConvNets.nameBatchNorm(out, b.name() + ".bn2", b.bn2());
        }
        ConvNets.nameLinear(out, "linear", linear);
        return out;
    }

    /** Stem and residual stages: the last feature map. */
    @Override
    NDArray body(ParameterStore ps, NDArray input, boolean training, List<NDArray> taps) {
        NDArray x = apply(stem, ps, input, training);
        tap(taps, x);
        x = apply(stemNorm, ps, x, training).getNDArrayInternal().relu();
        for (BasicBlock b : blocks) {
            NDArray out = apply(b.conv1(), ps, x, training);
            tap(taps, out);
            out = apply(b.bn1(), ps, out, training).getNDArrayInternal().relu();
            out = apply(b.conv2(), ps, out, training);
            tap(taps, out);
            out = apply(b.bn2(), ps, out, training);
            x = out.add(shortcut(x, b)).getNDArrayInternal().relu();
        }
        return x;
    }

    @Override
    NDArray classify(ParameterStore ps, NDArray features, boolean training, List<NDArray> taps) {
        NDArray logits = apply(linear, ps, ConvNets.spatialMean(features), training);
        if (taps != null) {
            taps.add(logits);
        }
        return logits;
    }

    /** Option A: identity, or subsample by 2 and pad planes/4 zero channels on each side. */
    private static NDArray shortcut(NDArray x, BasicBlock b) {
        if (b.stride() == 1 && b.inPlanes() == b.planes()) {
            return x;
        }
        NDArray sub = x.get(new NDIndex(":, :, ::2, ::2"));
        Shape s = sub.getShape();
        int pad = b.planes() / 4;
        NDArray zeros = sub.getManager().zeros(new Shape(s.get(0), pad, s.get(2), s.get(3)), sub.getDataType());
        return NDArrays.concat(new NDList(zeros, sub, zeros), 1);
    }

    @Override
    public String writeTo(OperatorGraph graph) {
        String x = graph.relu(graph.batchNorm(graph.conv(graph.input(), "conv1", 3, 1, 1), "bn1"));
        for (BasicBlock b : blocks) {
            String out = graph.relu(graph.batchNorm(graph.conv(x, b.name() + ".conv1", 3, b.stride(), 1), b.name() + ".bn1"));
            out = graph.batchNorm(graph.conv(out, b.name() + ".conv2", 3, 1, 1), b.name() + ".bn2");
            String shortcut = b.stride() == 1 && b.inPlanes() == b.planes() ? x
                    : graph.padChannels(graph.subsample(x), b.planes() / 4);
            x = graph.relu(graph.add(out, shortcut));
        }
        return graph.linear(graph.flatten(graph.globalAveragePool(x)), "linear");
    }

    private static void tap(List<NDArray> taps, NDArray convOutput) {
        if (taps != null) {
            taps.add(ConvNets.spatialMean(convOutput));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 10)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... inputShapes) {
        Shape s = init(stem, manager, type, inputShapes[0]);
        init(stemNorm, manager, type, s);
        for (BasicBlock b : blocks) {
            Shape in = s;
            s = init(b.conv1(), manager, type, in);
            init(b.bn1(), manager, type, s);
            s = init(b.conv2(), manager, type, s);
            init(b.bn2(), manager, type, s);
        }
        init(linear, manager, type, new Shape(s.get(0), s.get(1)));
    }

    /** He-normal convs and linear weight, PyTorch-default linear bias, BatchNorm at (1, 0). */
    @Override
    public void initialize(NDManager manager, long seed) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        Random rng = new Random(seed);
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            if (e.getKey().endsWith("weight") && e.getValue().getShape().dimension() >= 2) {
                ConvNets.kaimingNormal(e.getValue(), rng);
            }
        }
        Initialization.pytorchUniform(linear.getParameters().get("bias"), 64, rng);
    }
}
