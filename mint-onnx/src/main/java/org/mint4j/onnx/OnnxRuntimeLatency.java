package org.mint4j.onnx;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mint4j.deploy.LatencyRuns;
import org.mint4j.deploy.RuntimeLatency;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.Masks;

/**
 * A network's ONNX export (as it is, or compacted) timed in ONNX Runtime by {@link RuntimeBench}: an
 * imported network's graph, or the one a built-in network writes ({@link BuiltInOnnx}).
 */
public final class OnnxRuntimeLatency implements RuntimeLatency {

    @Override
    public String runtime() {
        return "ONNX Runtime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion();
    }

    @Override
    public boolean supports(PrunableNetwork network) {
        return BuiltInOnnx.supports(network);
    }

    @Override
    public double[] millis(PrunableNetwork network, Masks masks, int[] batches, int threads, LatencyRuns runs) {
        Path file = null;
        try (NDManager manager = NDManager.newBaseManager()) {
            OnnxNetwork onnx = BuiltInOnnx.of(network, manager);
            file = Files.createTempFile("mint-latency", ".onnx");
            if (masks == null) {
                OnnxExport.baseline(onnx, file);
            } else {
                OnnxExport.compacted(onnx, masks, file);
            }
            double[] out = new double[batches.length];
            for (int b = 0; b < batches.length; b++) {
                out[b] = RuntimeBench.medianMillis(file, onnx.sampleShape().getShape(), batches[b], threads, runs);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file left behind is not worth failing a measured point for
                }
            }
        }
    }
}
