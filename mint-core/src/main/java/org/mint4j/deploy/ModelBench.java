package org.mint4j.deploy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.Footprint;
import org.mint4j.prune.TensorCosts;

/**
 * The accounting of original, masked and compacted networks: parameters zeroed and removed,
 * dense, CSR and compacted bytes, multiply-accumulates per sample, and latency at batch 1 and 64
 * (median of repeated runs after warm-up).
 *
 * <p>MACs per input sample follow {@link TensorCosts}. For a masked network only its nonzero
 * weights count (what a sparse kernel would do); for dense and compacted networks every weight
 * counts (what a dense kernel does).
 */
public final class ModelBench {

    private ModelBench() {
    }

    /** One network's figures. */
    public record Row(String name, long parameters, long zeroed, long removed, long denseBytes, long csrBytes,
            long macs, double latencyBatch1Ms, double latencyBatch64Ms) {
    }

    public static Row measure(String name, PrunableNetwork network, long originalParameters, boolean sparseMacs,
            LatencyRuns runs, NDManager manager) {
        Footprint f = Footprint.of(network);
        return new Row(name, f.parameters(), f.zeros(), originalParameters - f.parameters(), f.denseBytes(),
                f.csrBytes(), macs(network, sparseMacs), latency(network, 1, runs, manager),
                latency(network, 64, runs, manager));
    }

    /** Multiply-accumulates per input sample, by the convention above. */
    public static long macs(PrunableNetwork network, boolean sparse) {
        TensorCosts costs = TensorCosts.of(network);
        if (!sparse) {
            return costs.macs();
        }
        long macs = 0;
        for (var e : costs.macPositions().entrySet()) {
            macs += countNonZero(network.namedParameters().get(e.getKey()).getArray()) * e.getValue();
        }
        return macs;
    }

    private static long countNonZero(NDArray a) {
        long n = 0;
        for (float v : a.toFloatArray()) {
            if (v != 0f) {
                n++;
            }
        }
        return n;
    }

    /** Median milliseconds of an inference forward pass on random inputs. */
    static double latency(PrunableNetwork network, int batch, LatencyRuns runs, NDManager manager) {
        Shape sample = network.sampleShape();
        long[] dims = new long[sample.dimension() + 1];
        dims[0] = batch;
        System.arraycopy(sample.getShape(), 0, dims, 1, sample.dimension());
        Shape shape = new Shape(dims);
        float[] values = LatencyRuns.input(sample.getShape(), batch);
        ParameterStore store = new ParameterStore(manager, false);
        return runs.medianMillis(() -> {
            try (NDScope scope = new NDScope()) {
                NDArray x = manager.create(values, shape);
                network.block().forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            }
        });
    }

    public static void print(PrintWriter out, Iterable<Row> rows) {
        out.println("| model | parameters | zeroed | removed | dense KB | CSR KB | MACs per sample | latency batch 1 (ms) "
                + "| latency batch 64 (ms) |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %.1f | %.1f | %,d | %.3f | %.3f |%n", r.name(),
                    r.parameters(), r.zeroed(), r.removed(), r.denseBytes() / 1024.0, r.csrBytes() / 1024.0,
                    r.macs(), r.latencyBatch1Ms(), r.latencyBatch64Ms());
        }
    }

    /** Describes the three networks of a pruned run in one table. */
    public static void compare(PrintWriter out, Map<String, PrunableNetwork> networks, LatencyRuns runs,
            NDManager manager) {
        PrunableNetwork first = networks.values().iterator().next();
        long original = Footprint.of(first).parameters();
        // Warm the engine up once, so that the first network measured is not charged for it.
        latency(first, 64, runs, manager);
        latency(first, 1, runs, manager);
        java.util.List<Row> rows = new java.util.ArrayList<>();
        networks.forEach((name, net) -> rows.add(measure(name, net, original, name.startsWith("masked"), runs, manager)));
        print(out, rows);
    }
}
