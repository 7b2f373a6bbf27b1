package org.mint4j.nn;

/**
 * A network's inference forward pass written as standard operators (ONNX's, when mint-onnx writes
 * it), so that a built-in network is exported and timed as an imported one is. Each method adds one
 * operator reading the named values and returns the name of its output. Layers are named as in
 * {@link PrunableNetwork#namedParameters} ({@code layer + ".weight"}, {@code ".bias"},
 * {@code ".running_mean"}, {@code ".running_var"}).
 */
public interface OperatorGraph {

    /** The network's input, [batch, sample shape]. */
    String input();

    /** A square conv with symmetric padding; its bias when the network has one. */
    String conv(String x, String layer, int kernel, int stride, int padding);

    /** BatchNorm at inference, PyTorch's epsilon 1e-5, over axis 1. */
    String batchNorm(String x, String layer);

    String relu(String x);

    String add(String a, String b);

    /** Square max pooling, padded alike on every side. */
    String maxPool(String x, int kernel, int stride, int padding);

    /** The mean over every spatial position, kept as [batch, channels, 1, 1]. */
    String globalAveragePool(String x);

    /** [batch, ...] to [batch, rest]. */
    String flatten(String x);

    /** x times the layer's [outputs, inputs] weight transposed, plus its bias. */
    String linear(String x, String layer);

    /** Every other row and column of a [batch, channels, h, w] value. */
    String subsample(String x);

    /** {@code count} zero channels before and after a [batch, channels, h, w] value's own. */
    String padChannels(String x, int count);

    /** A built-in network that writes itself as standard operators. */
    interface Writable extends PrunableNetwork {

        /** Adds the forward pass at inference (dropout is the identity there) and returns the output. */
        String writeTo(OperatorGraph graph);
    }
}
