package org.mint4j.onnx;

/**
 * A prunable layer of an imported graph: a Conv, Gemm or MatMul whose weight is an initializer.
 *
 * @param name the weight's name without {@code .weight} (e.g. {@code layer1.0.conv1}), else the node's name
 * @param op the ONNX op type
 * @param node the node's name
 * @param weight the weight initializer, held as [outputs, inputs, ...] (a MatMul's or a Gemm's
 *     [inputs, outputs] weight is held transposed and written back as it was)
 * @param bias the bias initializer, or null
 * @param input the value the layer reads
 * @param output the value the layer writes
 * @param inChannels channels (features) of its input: axis 1 for a Conv, the last axis for a Gemm
 *     or MatMul (a Linear applied to tokens or channels-last maps reads their last axis)
 * @param outChannels channels (features) of its output, along the same axis
 * @param groups a Conv's group count, else 1
 * @param parameters weight and bias elements
 */
public record Layer(String name, String op, String node, String weight, String bias, String input, String output,
        int inChannels, int outChannels, int groups, long parameters) {

    /** Whether each output channel reads exactly one input channel (a depthwise conv, any multiplier). */
    public boolean depthwise() {
        return groups > 1 && groups == inChannels;
    }

    /** The axis of its input and output that holds the channels, for values of this rank. */
    public int channelAxis(int rank) {
        return op.equals("Conv") ? 1 : rank - 1;
    }

    /** Whether the layer reads every input channel through its own weight column (dim 1). */
    public boolean dense() {
        return groups == 1;
    }
}
