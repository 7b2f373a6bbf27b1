package org.mint4j.prune;

import java.io.Serializable;
import org.mint4j.gmi.ColumnGroups;
import org.mint4j.gmi.Matrix;

/**
 * What a criterion may look at to score one layer pair: the activations of the same sampled
 * images at the parent and the child, the groups, and the child's incoming weight, whose element
 * (o, i, rest) joins parent output i to child output o.
 */
public record PairData(LayerPair pair, Matrix parents, Matrix children, ColumnGroups parentGroups,
        ColumnGroups childGroups, float[] childWeight, long[] childWeightShape) implements Serializable {

    /** Elements per (child output, parent output) entry: 1 for a linear layer, k*k for a conv. */
    public int elementsPerConnection() {
        return elementsPerConnection(childWeightShape);
    }

    /** Elements per (child output, parent output) entry of a weight of this shape. */
    public static int elementsPerConnection(long[] weightShape) {
        long n = 1;
        for (int d = 2; d < weightShape.length; d++) {
            n *= weightShape[d];
        }
        return Math.toIntExact(n);
    }

    /** Index of weight element (childOutput, parentOutput, r). */
    public int weightIndex(int childOutput, int parentOutput, int r) {
        int per = elementsPerConnection();
        return (childOutput * (int) childWeightShape[1] + parentOutput) * per + r;
    }
}
