package org.mint4j.nn;

import java.nio.file.Path;

/**
 * Builds a network from a model file of another framework's format (e.g. ONNX), so that mint-core
 * can prune models whose importer lives in another module. Found with {@link java.util.ServiceLoader}
 * (META-INF/services/org.mint4j.nn.NetworkImporter); {@link Networks#importNetwork} asks it.
 */
public interface NetworkImporter {

    /** The format's name as a recipe's model section spells it, e.g. {@code onnx}. */
    String format();

    /** The network the file holds, with its weights as the initial values. */
    PrunableNetwork load(Path file);
}
