package org.mint4j.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.IOException;
import org.mint4j.recipe.Recipe;

/** Builds the network a recipe names. */
public final class Networks {

    private Networks() {
    }

    public static PrunableNetwork create(Recipe.Model model) {
        return switch (model.architecture()) {
            case "mlp" -> Mlp.paper();
            case "resnet20" -> new CifarResNet(20);
            case "resnet32" -> new CifarResNet(32);
            case "resnet44" -> new CifarResNet(44);
            case "resnet56" -> new CifarResNet(56);
            case "vgg16bn" -> new Vgg16Bn();
            case "resnet50" -> new ResNet50(1000);
            default -> throw new IllegalArgumentException("unknown architecture '" + model.architecture() + "'");
        };
    }

    /**
     * Loads DJL-format parameters (as {@code Block.saveParameters} wrote them) into an initialised
     * network and makes the loaded arrays trainable again (DJL loads them without gradients).
     */
    public static void loadParameters(PrunableNetwork network, NDManager manager, DataInputStream in)
            throws IOException, MalformedModelException {
        network.block().loadParameters(manager, in);
        for (Parameter p : network.namedParameters().values()) {
            if (p.requiresGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
    }

    /** Total number of parameter values (weights, biases and buffers). */
    public static long parameterCount(PrunableNetwork network) {
        return network.namedParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }
}
