package org.mint4j.prune;

import java.util.List;
import org.mint4j.util.Registry;

/**
 * The registries of criteria, one per plan structure (connections: scores of group pairs;
 * channels: importance of whole channels): recipe validation, help texts and the pipeline read them.
 */
public final class Criteria {

    private static final Registry<Criterion.Factory> REGISTRY = new Registry<Criterion.Factory>("criterion")
            .register(MintCriterion.NAME, MintCriterion::create)
            .register(RandomCriterion.NAME, c -> new RandomCriterion(c.seed()))
            .register(MagnitudeCriterion.NAME, c -> new MagnitudeCriterion())
            .register(TaylorCriterion.NAME, c -> new TaylorCriterion(c.integer("samples_per_class")));

    private static final Registry<Criterion.ChannelFactory> CHANNEL_REGISTRY =
            new Registry<Criterion.ChannelFactory>("channel criterion")
                    .register(MintCriterion.NAME, c -> new PairScoreChannelCriterion(MintCriterion.NAME))
                    .register(RandomCriterion.NAME, c -> new RandomChannelCriterion(c.seed()))
                    .register(FilterNormCriterion.L1, c -> new FilterNormCriterion(1))
                    .register(FilterNormCriterion.L2, c -> new FilterNormCriterion(2))
                    .register(SlimmingCriterion.NAME, c -> new SlimmingCriterion())
                    .register(TaylorCriterion.NAME, c -> new PairScoreChannelCriterion(TaylorCriterion.NAME));

    /** The criterion a recipe scores with when it names none: the paper's. */
    public static final String DEFAULT = MintCriterion.NAME;

    private Criteria() {
    }

    /** Adds a criterion under a new name. */
    public static void register(String name, Criterion.Factory factory) {
        REGISTRY.register(name, factory);
    }

    /** Adds a channel criterion (for {@code structure: channels}) under a new name. */
    public static void registerChannel(String name, Criterion.ChannelFactory factory) {
        CHANNEL_REGISTRY.register(name, factory);
    }

    /** The criteria of {@code structure: channels}. */
    public static List<String> channelNames() {
        return CHANNEL_REGISTRY.names();
    }

    /** @throws IllegalArgumentException naming the known channel criteria */
    public static ChannelCriterion createChannel(String name, Criterion.Context context) {
        return CHANNEL_REGISTRY.get(name).create(context);
    }

    public static List<String> names() {
        return REGISTRY.names();
    }

    public static boolean contains(String name) {
        return REGISTRY.contains(name);
    }

    /** @throws IllegalArgumentException naming the known criteria */
    public static Criterion create(String name, Criterion.Context context) {
        return REGISTRY.get(name).create(context);
    }
}
