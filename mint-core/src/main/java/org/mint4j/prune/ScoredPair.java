package org.mint4j.prune;

import org.mint4j.gmi.ColumnGroups;

/**
 * One layer pair's scores, [child groups][parent groups], with the groups they refer to and the
 * child weight's shape, which is all a mask needs.
 */
public record ScoredPair(LayerPair pair, long[] childWeightShape, double[][] scores) implements java.io.Serializable {

    public ColumnGroups parentGroups() {
        return ColumnGroups.sequential(pair.parentWidth(childWeightShape), pair.parentGroups());
    }

    public ColumnGroups childGroups() {
        return ColumnGroups.sequential((int) childWeightShape[0], pair.childGroups());
    }

    public int groupPairs() {
        return pair.childGroups() * pair.parentGroups();
    }
}
