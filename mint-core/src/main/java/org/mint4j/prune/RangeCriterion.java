package org.mint4j.prune;

/**
 * A criterion that scores any range of parent groups alone and gets the same numbers as over the
 * whole pair, so that one layer pair can be split into units that run apart.
 */
public interface RangeCriterion extends Criterion {

    /** @return [child groups][to - from]: column j is parent group from + j */
    double[][] score(PairData data, int from, int to, int threads, Progress progress);

    @Override
    default double[][] score(PairData data, int threads, Progress progress) {
        return score(data, 0, data.parentGroups().count(), threads, progress);
    }
}
