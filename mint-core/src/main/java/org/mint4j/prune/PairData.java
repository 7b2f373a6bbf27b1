package org.mint4j.prune;

import org.mint4j.gmi.ColumnGroups;
import org.mint4j.gmi.Matrix;
import org.mint4j.recipe.Recipe;

/**
 * What a criterion may look at to score one layer pair: the activations of the same sampled
 * images at the parent and the child, the groups, and the child's incoming weight, whose element
 * (o, i, rest) joins parent output i to child output o.
 */
public record PairData(Recipe.Pair pair, Matrix parents, Matrix children, ColumnGroups parentGroups,
        ColumnGroups childGroups, float[] childWeight, long[] childWeightShape) {

    /** Elements per (child output, parent output) entry: 1 for a linear layer, k*k for a conv. */
    public int elementsPerConnection() {
        long n = 1;
        for (int d = 2; d < childWeightShape.length; d++) {
            n *= childWeightShape[d];
        }
        return Math.toIntExact(n);
    }

    /** Index of weight element (childOutput, parentOutput, r). */
    public int weightIndex(int childOutput, int parentOutput, int r) {
        int per = elementsPerConnection();
        return (childOutput * (int) childWeightShape[1] + parentOutput) * per + r;
    }
}
