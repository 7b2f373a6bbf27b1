package org.mint4j.nn;

import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.nn.WeightFileException;

/** Moves weights between a network and PyTorch-named tensors (safetensors files), by name. */
public final class PytorchWeights {

    private PytorchWeights() {
    }

    /**
     * Loads a safetensors file into an initialised network.
     *
     * @throws WeightFileException naming the tensor when one is missing, unexpected or of another shape
     */
    public static void load(PrunableNetwork network, Path file) {
        load(network, Safetensors.read(file), file);
    }

    static void load(PrunableNetwork network, Map<String, Safetensors.Tensor> tensors, Path source) {
        Map<String, Parameter> params = network.namedParameters();
        List<String> unexpected = new ArrayList<>(tensors.keySet());
        unexpected.removeAll(params.keySet());
        if (!unexpected.isEmpty()) {
            throw new WeightFileException(source, "has tensors the " + network.architecture()
                    + " network does not: " + unexpected);
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Safetensors.Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new WeightFileException(source, "has no tensor '" + e.getKey() + "', which the "
                        + network.architecture() + " network needs");
            }
            long[] expected = e.getValue().getShape().getShape();
            if (!Arrays.equals(expected, t.shape())) {
                throw new WeightFileException(source, "tensor '" + e.getKey() + "' has shape "
                        + Arrays.toString(t.shape()) + ", the network expects " + Arrays.toString(expected));
            }
            e.getValue().getArray().set(FloatBuffer.wrap(t.values()));
        }
    }

    /** Every parameter and buffer by PyTorch name, in state_dict order. */
    public static Map<String, Safetensors.Tensor> export(PrunableNetwork network) {
        Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
        network.namedParameters().forEach((name, p) ->
                out.put(name, new Safetensors.Tensor(p.getShape().getShape(), p.getArray().toFloatArray())));
        return out;
    }
}
