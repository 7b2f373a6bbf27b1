package org.mint4j.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.mint4j.nn.Safetensors.Tensor;
import org.mint4j.nn.TorchOwned;

/**
 * The operators mint-onnx runs, in ONE table: ONNX op type to its forward pass on DJL arrays and
 * how it carries channels (for the dependency graph). A new operator is one entry.
 */
final class Operators {

    /** How an operator's output channels (along its channel axis, see {@link Dependencies}) relate to its inputs'. */
    enum Channels {
        /** Channel c of the output is channel c of every data input of the same width (elementwise, norm, pooling). */
        SAME,
        /** A prunable layer (Conv, Gemm, MatMul): its output channels are new; a depthwise conv ties them to its inputs. */
        LAYER,
        /** Each input owns a slice of the output channels, in order, when joined along the channel axis. */
        CONCAT,
        /** Reshape and Flatten: channels kept, or [N, C, ...] to [N, C x rest] (each channel owns a block of features). */
        FLATTEN,
        /** Transpose: the channels move to another axis. */
        PERMUTE,
        /** Means, normalisations and selections along axes: over the channel axis they pin every channel. */
        REDUCE,
        /** Slice: along the channel axis, output channel c is input channel start + c x step (pinned); else SAME. */
        SLICE,
        /** Unsqueeze: new axes of size 1; the channels keep their place among the old ones. */
        UNSQUEEZE,
        /** Split: along the channel axis, each output holds the next run of the input's channels; else SAME. */
        SPLIT,
        /** Squeeze: axes of size 1 dropped; the channels keep their place among the others. */
        SQUEEZE,
    }

    /** The forward pass of a node with one output. */
    @FunctionalInterface
    interface Forward {
        NDArray apply(Call call);
    }

    /** The forward pass of a node: its outputs, in order. */
    @FunctionalInterface
    interface Outputs {
        NDList apply(Call call);
    }

    record Operator(Outputs forward, Channels channels) {

        static Operator of(Forward forward, Channels channels) {
            return new Operator(c -> new NDList(forward.apply(c)), channels);
        }
    }

    static final Map<String, Operator> TABLE = Map.ofEntries(
            Map.entry("Conv", Operator.of(Operators::conv, Channels.LAYER)),
            Map.entry("Gemm", Operator.of(Operators::gemm, Channels.LAYER)),
            Map.entry("MatMul", Operator.of(c -> c.input(0).matMul(c.input(1)), Channels.LAYER)),
            Map.entry("BatchNormalization", Operator.of(Operators::batchNorm, Channels.SAME)),
            Map.entry("Relu", Operator.of(c -> Activation.relu(c.input(0)), Channels.SAME)),
            Map.entry("Sigmoid", Operator.of(c -> Activation.sigmoid(c.input(0)), Channels.SAME)),
            Map.entry("Clip", Operator.of(Operators::clip, Channels.SAME)),
            Map.entry("HardSigmoid", Operator.of(c -> hardSigmoid(c.input(0), c.real("alpha", 0.2f),
                    c.real("beta", 0.5f)), Channels.SAME)),
            Map.entry("HardSwish", Operator.of(c -> c.input(0).mul(hardSigmoid(c.input(0), 1f / 6, 0.5f)),
                    Channels.SAME)),
            Map.entry("Mul", Operator.of(c -> c.input(0).mul(c.input(1)), Channels.SAME)),
            Map.entry("Add", Operator.of(c -> c.input(0).add(c.input(1)), Channels.SAME)),
            Map.entry("Sub", Operator.of(c -> c.input(0).sub(c.input(1)), Channels.SAME)),
            Map.entry("Div", Operator.of(Operators::div, Channels.SAME)),
            Map.entry("Pow", Operator.of(Operators::pow, Channels.SAME)),
            Map.entry("Sqrt", Operator.of(c -> c.input(0).sqrt(), Channels.SAME)),
            Map.entry("Erf", Operator.of(c -> c.input(0).erf(), Channels.SAME)),
            Map.entry("Transpose", Operator.of(ShapeOperators::transpose, Channels.PERMUTE)),
            Map.entry("ReduceMean", Operator.of(Operators::reduceMean, Channels.REDUCE)),
            // Shape arithmetic (a reshape's target computed from the batch size): integer values
            // computed in every run, so that the graph follows the batch it is given.
            Map.entry("Shape", Operator.of(ShapeOperators::shape, Channels.SAME)),
            Map.entry("Gather", Operator.of(ShapeOperators::gather, Channels.REDUCE)),
            Map.entry("Unsqueeze", Operator.of(ShapeOperators::unsqueeze, Channels.UNSQUEEZE)),
            Map.entry("Cast", Operator.of(ShapeOperators::cast, Channels.SAME)),
            Map.entry("ConstantOfShape", Operator.of(ShapeOperators::constantOfShape, Channels.SAME)),
            Map.entry("Equal", Operator.of(c -> c.input(0).eq(c.input(1)), Channels.SAME)),
            Map.entry("Where", Operator.of(ShapeOperators::where, Channels.SAME)),
            Map.entry("Expand", Operator.of(ShapeOperators::expand, Channels.SAME)),
            Map.entry("LayerNormalization", Operator.of(Operators::layerNorm, Channels.REDUCE)),
            Map.entry("Softmax", Operator.of(Operators::softmax, Channels.REDUCE)),
            Map.entry("Concat", Operator.of(ShapeOperators::concat, Channels.CONCAT)),
            Map.entry("MaxPool", Operator.of(Operators::maxPool, Channels.SAME)),
            Map.entry("AveragePool", Operator.of(Operators::averagePool, Channels.SAME)),
            Map.entry("GlobalAveragePool", Operator.of(Operators::globalAveragePool, Channels.SAME)),
            Map.entry("Flatten", Operator.of(ShapeOperators::flatten, Channels.FLATTEN)),
            Map.entry("Reshape", Operator.of(ShapeOperators::reshape, Channels.FLATTEN)),
            Map.entry("Pad", Operator.of(ShapeOperators::pad, Channels.SAME)),
            Map.entry("Slice", Operator.of(ShapeOperators::slice, Channels.SLICE)),
            Map.entry("Split", new Operator(ShapeOperators::split, Channels.SPLIT)),
            Map.entry("Squeeze", Operator.of(ShapeOperators::squeeze, Channels.SQUEEZE)),
            Map.entry("Constant", Operator.of(ShapeOperators::constant, Channels.SAME)),
            Map.entry("Identity", Operator.of(c -> c.input(0), Channels.SAME)),
            Map.entry("Dropout", Operator.of(Operators::dropout, Channels.SAME)));

    /** The supported op types, sorted, for error messages. */
    static String supported() {
        return new TreeMap<>(TABLE).keySet().stream().collect(Collectors.joining(", "));
    }

    private Operators() {
    }

    private static NDArray conv(Call c) {
        NDArray x = c.input(0);
        NDArray weight = c.input(1);
        int spatial = weight.getShape().dimension() - 2;
        requireExplicitPads(c);
        Shape padding = symmetricPads(c.integers("pads", new long[2 * spatial]), spatial, x);
        return x.getNDArrayInternal().convolution(x, weight, c.has(2) ? c.input(2) : null,
                new Shape(c.integers("strides", ones(spatial))), padding,
                new Shape(c.integers("dilations", ones(spatial))), (int) c.integer("group", 1)).singletonOrThrow();
    }

    /** torch.nn.Linear's form (transB = 1) runs as one fused op; any other Gemm as written. */
    private static NDArray gemm(Call c) {
        float alpha = c.real("alpha", 1f);
        float beta = c.real("beta", 1f);
        boolean transA = c.integer("transA", 0) != 0;
        boolean transB = c.integer("transB", 0) != 0;
        NDArray bias = c.has(2) ? c.input(2) : null;
        if (alpha == 1f && beta == 1f && !transA && transB) {
            return Linear.linear(c.input(0), c.input(1), bias).singletonOrThrow();
        }
        NDArray a = transA ? c.input(0).transpose() : c.input(0);
        NDArray b = transB ? c.input(1).transpose() : c.input(1);
        NDArray y = TorchOwned.times(a.matMul(b), alpha);
        return bias == null ? y : y.add(TorchOwned.times(bias, beta));
    }

    /** Batch statistics (and running statistics updated with the node's momentum) when training, as PyTorch. */
    private static NDArray batchNorm(Call c) {
        NDArray x = c.input(0);
        return x.getNDArrayInternal().batchNorm(x, c.input(3), c.input(4), c.input(1), c.input(2), 1,
                c.real("momentum", 0.9f), c.real("epsilon", 1e-5f), c.training()).singletonOrThrow();
    }

    private static NDArray dropout(Call c) {
        NDArray x = c.input(0);
        float ratio = c.has(1) ? c.input(1).getFloat() : c.real("ratio", 0.5f);
        return x.getNDArrayInternal().dropout(x, ratio, c.training()).singletonOrThrow();
    }

    private static NDArray clip(Call c) {
        float min = c.has(1) ? c.input(1).getFloat() : Float.NEGATIVE_INFINITY;
        float max = c.has(2) ? c.input(2).getFloat() : Float.POSITIVE_INFINITY;
        return c.input(0).clip(min, max);
    }

    private static NDArray hardSigmoid(NDArray x, float alpha, float beta) {
        return TorchOwned.times(x, alpha).add(beta).clip(0, 1);
    }

    /**
     * x to a power; a fixed exponent of 2 (torch.onnx's LayerNorm variance) as a square, whose
     * backward is one multiplication where a tensor power's computes powers again.
     */
    private static NDArray pow(Call c) {
        NDArray x = c.input(0);
        Tensor exponent = c.model().fixedFloats(c.node().getInput(1));
        boolean fixedTwo = exponent != null && exponent.values().length == 1 && exponent.values()[0] == 2f
                && exponent.shape().length <= x.getShape().dimension();
        return fixedTwo ? x.square() : x.pow(c.input(1));
    }

    /** Over one axis, as opset 13 defines it; before 13 over everything from the axis on, which only the last axis agrees with. */
    private static NDArray softmax(Call c) {
        NDArray x = c.input(0);
        int rank = x.getShape().dimension();
        int at = ShapeOperators.axis(c.integer("axis", c.model().opset() < 13 ? 1 : -1), x);
        if (c.model().opset() < 13 && at != rank - 1) {
            throw new IllegalArgumentException("Softmax before opset 13 over axes " + at + " to " + (rank - 1)
                    + " is not supported, only over the last axis (export at opset 13 or later)");
        }
        return x.softmax(at);
    }

    /** Integers divide as ONNX does, truncating; floats as floats. */
    private static NDArray div(Call c) {
        NDArray a = c.input(0);
        NDArray b = c.input(1);
        if (!a.getDataType().isInteger() || !b.getDataType().isInteger()) {
            return a.div(b);
        }
        // In float64, exact for any shape arithmetic; the engine would divide int64 in float32.
        ai.djl.ndarray.types.DataType f64 = ai.djl.ndarray.types.DataType.FLOAT64;
        return a.toType(f64, false).div(b.toType(f64, false)).toType(a.getDataType(), false);
    }

    /** Over the axes from {@code axis} on, as opset 17 defines it (scale and bias optional). */
    private static NDArray layerNorm(Call c) {
        NDArray x = c.input(0);
        int from = ShapeOperators.axis(c.integer("axis", -1), x);
        int[] over = java.util.stream.IntStream.range(from, x.getShape().dimension()).toArray();
        NDArray centred = x.sub(mean(x, over, true));
        NDArray y = centred.div(mean(centred.square(), over, true).add(c.real("epsilon", 1e-5f)).sqrt());
        y = y.mul(c.input(1));
        return c.has(2) ? y.add(c.input(2)) : y;
    }

    /** Over the listed axes (every axis without them); opset 13's attribute form. */
    private static NDArray reduceMean(Call c) {
        NDArray x = c.input(0);
        int rank = x.getShape().dimension();
        long[] axes = c.integers("axes", null);
        int[] over = axes == null ? java.util.stream.IntStream.range(0, rank).toArray()
                : Arrays.stream(axes).mapToInt(a -> ShapeOperators.axis(a, x)).toArray();
        return mean(x, over, c.integer("keepdims", 1) != 0);
    }

    /** The mean over several axes, one at a time (the PyTorch engine takes one), the last first. */
    private static NDArray mean(NDArray x, int[] axes, boolean keepDims) {
        int[] descending = Arrays.stream(axes).boxed().sorted(java.util.Comparator.reverseOrder())
                .mapToInt(Integer::intValue).toArray();
        for (int a : descending) {
            x = x.mean(new int[] {a}, keepDims);
        }
        return x;
    }

    private static NDArray maxPool(Call c) {
        NDArray x = c.input(0);
        requireExplicitPads(c);
        long[] kernel = c.integers("kernel_shape", null);
        if (Arrays.stream(c.integers("dilations", ones(kernel.length))).anyMatch(d -> d != 1)) {
            throw new IllegalArgumentException("dilated max pooling is not supported");
        }
        return x.getNDArrayInternal().maxPool(new Shape(kernel), new Shape(c.integers("strides", ones(kernel.length))),
                symmetricPads(c.integers("pads", new long[2 * kernel.length]), kernel.length, x),
                c.integer("ceil_mode", 0) != 0);
    }

    private static NDArray averagePool(Call c) {
        NDArray x = c.input(0);
        requireExplicitPads(c);
        long[] kernel = c.integers("kernel_shape", null);
        return x.getNDArrayInternal().avgPool(new Shape(kernel), new Shape(c.integers("strides", ones(kernel.length))),
                symmetricPads(c.integers("pads", new long[2 * kernel.length]), kernel.length, x),
                c.integer("ceil_mode", 0) != 0, c.integer("count_include_pad", 0) != 0);
    }

    private static NDArray globalAveragePool(Call c) {
        return spatialMean(c.input(0), true);
    }

    /**
     * Each sample's mean of each channel over every other axis (a conv's space, a Linear's
     * tokens): [N, C] from where the value holds the batch and its channel axis; a [N, C] value
     * as it is. A batch merged with other axes is split out first.
     */
    static NDArray channelMeans(NDArray x, OnnxModel.Batch place, int channelAxis, long samples) {
        int batch = place.axis();
        int channels = channelAxis;
        long size = x.getShape().get(batch);
        if (size != samples) {
            Shape s = x.getShape();
            x = x.reshape(s.slice(0, batch).addAll(new Shape(size / samples / place.inner(), samples, place.inner()))
                    .addAll(s.slice(batch + 1)));
            batch++;
            channels += channels > place.axis() ? 2 : 0;
        }
        int rank = x.getShape().dimension();
        if (batch != 0 || channels != 1) {
            int[] order = new int[rank];
            order[0] = batch;
            order[1] = channels;
            for (int d = 0, next = 2; d < rank; d++) {
                if (d != batch && d != channels) {
                    order[next++] = d;
                }
            }
            x = x.transpose(order);
        }
        return rank == 2 ? x : spatialMean(x, false);
    }

    /** The mean over every axis after the channels (the PyTorch engine averages over one axis at a time). */
    static NDArray spatialMean(NDArray x, boolean keepDims) {
        Shape s = x.getShape();
        NDArray mean = x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}, keepDims);
        return keepDims ? mean.reshape(s.slice(0, 2).addAll(new Shape(ones(s.dimension() - 2)))) : mean;
    }

    private static void requireExplicitPads(Call c) {
        String autoPad = c.string("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET")) {
            throw new IllegalArgumentException("auto_pad " + autoPad + " is not supported, only explicit pads");
        }
    }

    /** ONNX pads [begin..., end...] as DJL's one padding per spatial axis; both ends must agree. */
    private static Shape symmetricPads(long[] pads, int spatial, NDArray x) {
        for (int i = 0; i < spatial; i++) {
            if (pads[i] != pads[i + spatial]) {
                throw new IllegalArgumentException("asymmetric pads " + Arrays.toString(pads)
                        + " are not supported (input " + x.getShape() + ")");
            }
        }
        return new Shape(Arrays.copyOf(pads, spatial));
    }

    private static long[] ones(int n) {
        long[] out = new long[n];
        Arrays.fill(out, 1);
        return out;
    }

}
