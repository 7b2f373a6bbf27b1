package org.mint4j.prune;

import java.io.Serializable;
import java.util.function.IntToDoubleFunction;
import org.mint4j.gmi.ColumnGroups;
import org.mint4j.gmi.Matrix;

/**
 * What a criterion may look at to score one layer pair: the activations of the same sampled
 * images at the parent and the child, the groups, and the child's incoming weight, whose element
 * (o, i, rest) joins parent output i to child output o.
 *
 * @param childGradient the training loss's gradient with respect to the child's weight, summed
 *     over the same images, in the weight's element order; null unless a criterion of the run
 *     {@linkplain Criterion#needsGradients() needs gradients}
 */
public record PairData(LayerPair pair, Matrix parents, Matrix children, ColumnGroups parentGroups,
        ColumnGroups childGroups, float[] childWeight, long[] childWeightShape, float[] childGradient)
        implements Serializable {

    /** Without gradients. */
    public PairData(LayerPair pair, Matrix parents, Matrix children, ColumnGroups parentGroups,
            ColumnGroups childGroups, float[] childWeight, long[] childWeightShape) {
        this(pair, parents, children, parentGroups, childGroups, childWeight, childWeightShape, null);
    }

    /** Elements per (child output, parent output) entry: 1 for a linear layer, k*k for a conv. */
    public int elementsPerConnection() {
        return pair.connectionLength(childWeightShape);
    }

    /** Index of the child weight's r-th element joining childOutput to parentOutput. */
    public int weightIndex(int childOutput, int parentOutput, int r) {
        return pair.connectionStart(childOutput, parentOutput, childWeightShape) + r;
    }

    /**
     * Means {@code element} (of a weight element's index) over every block W[child group i, parent
     * group j]: the sum divided by the block's element count, so that blocks of layer pairs with
     * different group sizes compare under one global percentile.
     *
     * @return [child groups][parent groups]
     */
    public double[][] blockMeans(IntToDoubleFunction element) {
        int per = elementsPerConnection();
        double[][] out = new double[childGroups.count()][parentGroups.count()];
        for (int i = 0; i < out.length; i++) {
            int[] childCols = childGroups.columns(i);
            for (int j = 0; j < out[i].length; j++) {
                int[] parentCols = parentGroups.columns(j);
                double sum = 0;
                for (int o : childCols) {
                    for (int p : parentCols) {
                        for (int r = 0; r < per; r++) {
                            sum += element.applyAsDouble(weightIndex(o, p, r));
                        }
                    }
                }
                out[i][j] = sum / ((double) childCols.length * parentCols.length * per);
            }
        }
        return out;
    }
}
