package org.mint4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/** Building blocks shared by the convolutional networks, with PyTorch's conventions. */
final class ConvNets {

    private ConvNets() {
    }

    static Conv2d conv(int filters, int kernel, int stride, int padding, boolean bias) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optBias(bias).build();
    }

    /** PyTorch's BatchNorm2d: eps 1e-5, momentum 0.1 (DJL counts momentum the other way round). */
    static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    }

    /** Registers a conv's weight (and bias) under PyTorch names. */
    static void nameConv(Map<String, Parameter> out, String name, Conv2d conv) {
        out.put(name + ".weight", conv.getParameters().get("weight"));
        Parameter bias = conv.getParameters().get("bias");
        if (bias != null) {
            out.put(name + ".bias", bias);
        }
    }

    /** Registers a BatchNorm's parameters and running statistics under PyTorch names. */
    static void nameBatchNorm(Map<String, Parameter> out, String name, BatchNorm bn) {
        out.put(name + ".weight", bn.getParameters().get("gamma"));
        out.put(name + ".bias", bn.getParameters().get("beta"));
        out.put(name + ".running_mean", bn.getParameters().get("runningMean"));
        out.put(name + ".running_var", bn.getParameters().get("runningVar"));
    }

    static void nameLinear(Map<String, Parameter> out, String name, Linear linear) {
        out.put(name + ".weight", linear.getParameters().get("weight"));
        out.put(name + ".bias", linear.getParameters().get("bias"));
    }

    /** Initialises a child block for the given input shape and returns its output shape. */
    static Shape init(Block block, NDManager manager, DataType type, Shape input) {
        block.initialize(manager, type, input);
        return block.getOutputShapes(new Shape[] {input})[0];
    }

    /** He-normal (fan in, ReLU gain) weights, as torchvision and the CIFAR ResNets initialise convs. */
    static void kaimingNormal(Parameter weight, Random rng) {
        long[] shape = weight.getShape().getShape();
        long fanIn = 1;
        for (int d = 1; d < shape.length; d++) {
            fanIn *= shape[d];
        }
        double std = Math.sqrt(2.0 / fanIn);
        float[] v = new float[Math.toIntExact(weight.getArray().size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextGaussian() * std);
        }
        weight.getArray().set(FloatBuffer.wrap(v));
    }

    /** Spatial mean of a conv output: [batch, channels, h, w] -> [batch, channels]. */
    static NDArray spatialMean(NDArray x) {
        Shape s = x.getShape();
        // The PyTorch engine averages over one axis at a time.
        return x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2});
    }
}
