package org.mint4j.nn;

import java.io.Serializable;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntBinaryOperator;

/**
 * Channels that are removed one at a time, each taking the same slices of several tensors with it
 * (a Torch-Pruning group per channel): channel c is, in every tensor a {@link Cut} names, the slice
 * {@code starts[c] .. starts[c] + width - 1} along the cut's axis. A built-in network's
 * {@link ChannelLink} is a family (its producer's rows, its norm, its consumer's columns); an
 * imported graph's coupled channel sets give families that span a residual stream or a Concat slice.
 *
 * @param name the family's name in plans, caps and skip lists: the layer writing its channels
 * @param channels how many channels the family has
 * @param cuts every slice a channel's removal takes out
 */
public record ChannelFamily(String name, int channels, List<Cut> cuts) implements Serializable {

    /** What a cut tensor is to the family's channels. */
    public enum Role {
        /** a layer's weight whose outputs are the channels (filters, along axis 0) */
        WRITER,
        /** a layer's weight whose inputs are the channels (columns, along axis 1) */
        READER,
        /** a BatchNorm's scale (gamma) on the channels */
        NORM_SCALE,
        /** everything else removed with the channels: biases, norm shifts, running statistics */
        OTHER
    }

    /**
     * One tensor's slices.
     *
     * @param starts per channel of the family, the first index along {@code axis}
     * @param width indices per channel along {@code axis}: 1, or a flattened map's positions
     */
    public record Cut(String tensor, int axis, Role role, int[] starts, int width) implements Serializable {

        /** Where channel {@code c}'s slice lies in a tensor of this shape (row-major): runs of elements. */
        public void forEachRun(long[] shape, int c, IntBinaryOperator run) {
            int outer = 1;
            for (int d = 0; d < axis; d++) {
                outer *= (int) shape[d];
            }
            int size = (int) shape[axis];
            int inner = 1;
            for (int d = axis + 1; d < shape.length; d++) {
                inner *= (int) shape[d];
            }
            for (int o = 0; o < outer; o++) {
                int from = (o * size + starts[c]) * inner;
                run.applyAsInt(from, from + width * inner);
            }
        }

        /**
         * {@code f} summed over each channel's slice of a tensor of this shape and values.
         *
         * @return per channel of the family
         */
        public double[] sumPerChannel(long[] shape, float[] values, DoubleUnaryOperator f) {
            double[] out = new double[starts.length];
            for (int c = 0; c < starts.length; c++) {
                int channel = c;
                forEachRun(shape, c, (from, to) -> {
                    for (int k = from; k < to; k++) {
                        out[channel] += f.applyAsDouble(values[k]);
                    }
                    return 0;
                });
            }
            return out;
        }
    }

    /** The cuts of one role, in order. */
    public List<Cut> cuts(Role role) {
        return cuts.stream().filter(c -> c.role() == role).toList();
    }
}
