package org.mint4j.deploy;

import java.util.Optional;
import java.util.ServiceLoader;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.Masks;

/**
 * Times a network where users deploy it, in another module's runtime (ONNX Runtime, in mint-onnx,
 * for imported models and the built-in networks it writes as ONNX), so that mint-core's tables can report it without depending on that
 * runtime. Found with {@link ServiceLoader} (META-INF/services/org.mint4j.deploy.RuntimeLatency).
 */
public interface RuntimeLatency {

    /** The runtime's name and version, for tables. */
    String runtime();

    /** Whether this runtime can run the network (e.g. it was imported from ONNX). */
    boolean supports(PrunableNetwork network);

    /**
     * Median milliseconds per batch of the network exported as it is ({@code masks} null) or
     * masked and compacted.
     *
     * @return one figure per batch size, in the order given
     */
    double[] millis(PrunableNetwork network, Masks masks, int[] batches, int threads, LatencyRuns runs);

    /** The first runtime on the class path that supports the network. */
    static Optional<RuntimeLatency> forNetwork(PrunableNetwork network) {
        return ServiceLoader.load(RuntimeLatency.class).stream().map(ServiceLoader.Provider::get)
                .filter(r -> r.supports(network)).findFirst();
    }
}
