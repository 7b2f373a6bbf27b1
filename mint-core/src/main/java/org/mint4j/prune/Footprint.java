package org.mint4j.prune;

import ai.djl.nn.Parameter;
import java.util.Map;
import org.mint4j.nn.PrunableNetwork;

/**
 * Parameter counts and storage of a network, computed the same way for the baseline and the
 * pruned net: every weight tensor (rank >= 2, viewed as [out, rest]) stored as CSR with float32
 * values, int32 column indices and int32 row pointers; every other tensor (biases, BatchNorm)
 * stored dense. Dense bytes count every parameter as float32.
 */
public record Footprint(long parameters, long zeros, long csrBytes, long denseBytes) {

    public static Footprint of(PrunableNetwork network) {
        long parameters = 0;
        long zeros = 0;
        long csr = 0;
        for (Map.Entry<String, Parameter> e : network.namedParameters().entrySet()) {
            long[] shape = e.getValue().getShape().getShape();
            float[] values = e.getValue().getArray().toFloatArray();
            long nnz = 0;
            for (float v : values) {
                if (v != 0f) {
                    nnz++;
                }
            }
            parameters += values.length;
            zeros += values.length - nnz;
            if (shape.length >= 2) {
                csr += nnz * Float.BYTES + nnz * Integer.BYTES + (shape[0] + 1) * Integer.BYTES;
            } else {
                csr += (long) values.length * Float.BYTES;
            }
        }
        return new Footprint(parameters, zeros, csr, parameters * Float.BYTES);
    }
}
