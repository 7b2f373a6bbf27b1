package org.mint4j.prune;

/**
 * How important the connections from parent group j to child group i are: higher means keep.
 * One method, so that a new criterion is one small class.
 */
@FunctionalInterface
public interface Criterion {

    /**
     * Scores a layer pair.
     *
     * @return [child groups][parent groups]
     */
    double[][] score(PairData data, Progress progress);

    /** Told as estimates finish. */
    @FunctionalInterface
    interface Progress {
        Progress NONE = (done, total) -> { };

        void completed(int done, int total);
    }
}
