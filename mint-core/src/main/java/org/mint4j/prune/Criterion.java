package org.mint4j.prune;

import java.io.Serializable;
import java.util.Map;

/**
 * How important the connections from parent group j to child group i are: higher means keep
 * (Torch-Pruning's importance). A criterion names itself and the settings its scores depend on
 * beyond the layer pairs, the baseline and the activation sample (its provenance, after Tribuo),
 * so that saved scores are never reused under other settings. A new criterion is one class and
 * one {@link Criteria#register} call.
 */
public interface Criterion extends Serializable {

    /** The name recipes use in {@code mint.criteria}. */
    String name();

    /** What the scores depend on, by snake_case key, in a fixed order; empty when nothing. */
    Map<String, String> settings();

    /**
     * Scores a layer pair.
     *
     * @param threads threads the criterion may use
     * @return [child groups][parent groups]
     */
    double[][] score(PairData data, int threads, Progress progress);

    /**
     * Whether {@link PairData#childGradient()} must be filled: it costs a forward and backward pass
     * over the sample, so the pipeline computes it only when a criterion asks.
     */
    default boolean needsGradients() {
        return false;
    }

    /** Told as estimates finish. */
    @FunctionalInterface
    interface Progress {
        Progress NONE = (done, total) -> { };

        void completed(int done, int total);
    }

    /** Builds a criterion from the recipe's {@code mint} section and the run's seed. */
    @FunctionalInterface
    interface Factory {
        Criterion create(Context context);
    }

    /** Builds a channel criterion from the same context. */
    @FunctionalInterface
    interface ChannelFactory {
        ChannelCriterion create(Context context);
    }

    /**
     * What a factory may read: the run's seed and the recipe's {@code mint} section by snake_case
     * key (defaults filled in).
     */
    record Context(long seed, Map<String, Object> section) {

        public int integer(String key) {
            return ((Number) section.get(key)).intValue();
        }

        public boolean flag(String key) {
            return Boolean.TRUE.equals(section.get(key));
        }
    }
}
