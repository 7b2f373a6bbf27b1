package org.mint4j.prune;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import org.mint4j.nn.ChannelFamily;

/**
 * How important each channel of a family is: higher means keep. The channel plan ranks every
 * family's channels by it under one global order, so a criterion states how its values compare
 * across layers. Like {@link Criterion}, it names itself and the settings its values depend on.
 * A new channel criterion is one class and one {@link Criteria#registerChannel} call.
 */
public interface ChannelCriterion extends Serializable {

    /** The name recipes use in {@code mint.criteria} with {@code structure: channels}. */
    String name();

    /** What the importances depend on, by snake_case key, in a fixed order. */
    Map<String, String> settings();

    /**
     * The pair criterion whose scores this one aggregates ({@code mint}, {@code taylor}), scored
     * by the pipeline's score stage before planning; empty when the weights alone decide.
     */
    default Optional<String> pairScores() {
        return Optional.empty();
    }

    /**
     * Whether the values are divided by the mean over the family's channels, so that a progressive
     * plan divides again by the mean of the channels still kept ({@link ChannelPlan.Builder#optSteps}).
     */
    default boolean normalizedPerFamily() {
        return false;
    }

    /**
     * @return one value per channel of {@code family}
     * @throws IllegalArgumentException when the family lacks what the criterion reads, naming it
     */
    double[] importance(ChannelFamily family, ChannelEvidence evidence);
}
