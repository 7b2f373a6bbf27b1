package org.mint4j.prune;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.stream.IntStream;
import org.mint4j.gmi.Matrix;

/**
 * A parent -> child layer pair and how many sequential groups each layer is split into.
 *
 * @param columns where the parent's outputs sit among the child's inputs when the child reads more
 *     than this parent (a Concat of several producers: one pair per producer); null when the
 *     child reads exactly the parent's outputs
 */
public record LayerPair(String parent, String child, Integer parentGroups, Integer childGroups,
        @JsonInclude(JsonInclude.Include.NON_NULL) Columns columns) implements Serializable {

    /** A child reading exactly its parent's outputs. */
    public LayerPair(String parent, String child, Integer parentGroups, Integer childGroups) {
        this(parent, child, parentGroups, childGroups, null);
    }

    /**
     * The parent's output {@code from + c} is read by the child's input columns
     * {@code offset + c * block} to {@code offset + (c + 1) * block - 1}, for c below {@code width}:
     * a slice of a Concat (block 1), a conv's channels flattened with their positions (block =
     * height x width), or a run of the parent's outputs that a Slice or Split passes on ({@code from}
     * its first; 0 when the child reads every output of the parent). The pair's parent output c is
     * the parent's output {@code from + c}: its tap stands for that run.
     */
    public record Columns(int offset, int width, int block, int from) implements Serializable {

        /** Every output of the parent, from its first. */
        public Columns(int offset, int width, int block) {
            this(offset, width, block, 0);
        }

        @Override
        public String toString() {
            return "inputs " + offset + ".." + (offset + width * block - 1) + (block == 1 ? "" : " in blocks of " + block)
                    + (from == 0 ? "" : " read from outputs " + from + ".." + (from + width - 1));
        }
    }

    /**
     * The columns of the parent's tap (one per parent output) that this pair reads: all of them, or
     * the run from {@link Columns#from} that a Slice or Split passes on.
     */
    public Matrix parentTap(Matrix tap, long[] childWeightShape) {
        int width = parentWidth(childWeightShape);
        int from = columns == null ? 0 : columns.from();
        return from == 0 && width == tap.cols() ? tap : tap.selectColumns(IntStream.range(from, from + width).toArray());
    }

    /** The parent's outputs: the child's inputs, or its slice of them. */
    public int parentWidth(long[] childWeightShape) {
        return columns == null ? (int) childWeightShape[1] : columns.width();
    }

    /**
     * Elements of the child's weight joining one child output to one parent output: a conv's
     * kernel, times the block of columns the parent output owns.
     */
    public int connectionLength(long[] childWeightShape) {
        long n = columns == null ? 1 : columns.block();
        for (int d = 2; d < childWeightShape.length; d++) {
            n *= childWeightShape[d];
        }
        return Math.toIntExact(n);
    }

    /**
     * Index of the first element joining child output o to parent output p, in the weight's
     * element order ([outputs, inputs, kernel...]); the connection's elements follow it.
     */
    public int connectionStart(int childOutput, int parentOutput, long[] childWeightShape) {
        int offset = columns == null ? 0 : columns.offset();
        int block = columns == null ? 1 : columns.block();
        int perColumn = connectionLength(childWeightShape) / block;
        return (childOutput * (int) childWeightShape[1] + offset + parentOutput * block) * perColumn;
    }

    @Override
    public String toString() {
        return parent + " -> " + child + (columns == null ? "" : " [" + columns + "]") + " (" + parentGroups + " x "
                + childGroups + " groups)";
    }
}
