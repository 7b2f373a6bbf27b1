package org.mint4j.nn;

import org.mint4j.recipe.Recipe;

/** Builds the network a recipe names. */
public final class Networks {

    private Networks() {
    }

    public static PrunableNetwork create(Recipe.Model model) {
        return switch (model.architecture()) {
            case "mlp" -> Mlp.paper();
            default -> throw new IllegalArgumentException("unknown architecture '" + model.architecture() + "'");
        };
    }

    /** Total number of parameter values (weights, biases and buffers). */
    public static long parameterCount(PrunableNetwork network) {
        return network.namedParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }
}
