package org.mint4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mint4j.deploy.LatencyRuns;
import org.mint4j.prune.TensorCosts;

/**
 * How fast ONNX models run where users deploy them: ONNX Runtime on the CPU, all graph
 * optimisations on, a given number of intra-op threads and one inter-op thread, {@link LatencyRuns}
 * on a seeded standard-normal batch.
 * Beside it, each file's parameters and MACs per sample by {@link TensorCosts}' convention.
 */
public final class RuntimeBench {

    private RuntimeBench() {
    }

    /** One file's figures; latencies in milliseconds. */
    public record Row(String name, long parameters, long macs, long bytes, double batch1Ms, double batch64Ms) {
    }

    /** Measures each file in turn (in the map's order, the reference first). */
    public static List<Row> measure(Map<String, Path> files, int threads, LatencyRuns runs, NDManager manager) {
        List<Row> rows = new ArrayList<>();
        files.forEach((name, file) -> {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(file));
            net.initialize(manager, 0);
            TensorCosts costs = TensorCosts.of(net);
            long[] sample = net.sampleShape().getShape();
            long bytes;
            try {
                bytes = Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rows.add(new Row(name, costs.parameters(), costs.macs(), bytes, medianMillis(file, sample, 1, threads, runs),
                    medianMillis(file, sample, 64, threads, runs)));
        });
        return rows;
    }

    /** The rows as a table, speed-ups against the first row. */
    public static void print(PrintWriter out, List<Row> rows) {
        Row reference = rows.get(0);
        out.println("| ONNX model | parameters | MACs per sample | file KB | ONNX Runtime batch 1 (ms) | batch 64 (ms) "
                + "| speed-up at 1 | speed-up at 64 |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "| %s | %,d | %,d | %.1f | %.3f | %.3f | %.2fx | %.2fx |%n", r.name(), r.parameters(),
                    r.macs(), r.bytes() / 1024.0, r.batch1Ms(), r.batch64Ms(), reference.batch1Ms() / r.batch1Ms(),
                    reference.batch64Ms() / r.batch64Ms());
        }
    }

    /**
     * Median milliseconds of one inference of a batch.
     *
     * @param sample one input sample's shape, e.g. {3, 32, 32}
     * @throws OnnxException when ONNX Runtime cannot load or run the file, naming it
     */
    public static double medianMillis(Path model, long[] sample, int batch, int threads, LatencyRuns runs) {
        long[] shape = new long[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        float[] values = LatencyRuns.input(sample, batch);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Errors only: its optimiser warns of every constant it folds away, lines a user cannot act on.
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            try (OrtSession session = env.createSession(model.toString(), options);
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape)) {
                Map<String, OnnxTensor> inputs = Map.of(session.getInputNames().iterator().next(), x);
                return runs.medianMillis(() -> {
                    try (OrtSession.Result ignored = session.run(inputs)) {
                        // only the time counts
                    } catch (OrtException e) {
                        throw new OnnxException(model, "ONNX Runtime cannot run it: " + e.getMessage(), e);
                    }
                });
            }
        } catch (OrtException e) {
            throw new OnnxException(model, "ONNX Runtime cannot run it: " + e.getMessage(), e);
        }
    }
}
