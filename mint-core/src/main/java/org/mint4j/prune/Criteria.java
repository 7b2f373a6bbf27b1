package org.mint4j.prune;

import java.util.List;
import org.mint4j.util.Registry;

/** The registry of criteria: recipe validation, help texts and the pipeline read it. */
public final class Criteria {

    private static final Registry<Criterion.Factory> REGISTRY = new Registry<Criterion.Factory>("criterion")
            .register(MintCriterion.NAME, MintCriterion::create)
            .register(RandomCriterion.NAME, c -> new RandomCriterion(c.seed()))
            .register(MagnitudeCriterion.NAME, c -> new MagnitudeCriterion())
            .register(TaylorCriterion.NAME, c -> new TaylorCriterion(c.integer("samples_per_class")));

    /** The criterion a recipe scores with when it names none: the paper's. */
    public static final String DEFAULT = MintCriterion.NAME;

    private Criteria() {
    }

    /** Adds a criterion under a new name. */
    public static void register(String name, Criterion.Factory factory) {
        REGISTRY.register(name, factory);
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
