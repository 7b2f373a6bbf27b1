package org.mint4j.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.mint4j.util.Registry;

/** Builds the network a recipe names. */
public final class Networks {

    private Networks() {
    }

    /** The registry of built-in architectures: recipe validation and help texts read it. */
    private static final Registry<Supplier<PrunableNetwork>> ARCHITECTURES =
            new Registry<Supplier<PrunableNetwork>>("architecture")
                    .register("mlp", Mlp::paper)
                    .register("resnet20", () -> new CifarResNet(20))
                    .register("resnet32", () -> new CifarResNet(32))
                    .register("resnet44", () -> new CifarResNet(44))
                    .register("resnet56", () -> new CifarResNet(56))
                    .register("vgg16bn", Vgg16Bn::new)
                    .register("resnet50", () -> new ResNet50(1000));

    public static List<String> architectures() {
        return ARCHITECTURES.names();
    }

    public static boolean isArchitecture(String name) {
        return ARCHITECTURES.contains(name);
    }

    /** A new, uninitialised network of a built-in architecture. */
    public static PrunableNetwork create(String architecture) {
        return ARCHITECTURES.get(architecture).get();
    }

    /**
     * The network a model file of {@code format} holds, built by the {@link NetworkImporter} on
     * the class path for that format.
     */
    public static PrunableNetwork importNetwork(String format, Path file) {
        return ServiceLoader.load(NetworkImporter.class).stream().map(ServiceLoader.Provider::get)
                .filter(importer -> importer.format().equals(format)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("cannot import " + file + ": no importer for the "
                        + format + " format on the class path (add the mint-" + format + " module)"))
                .load(file);
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
