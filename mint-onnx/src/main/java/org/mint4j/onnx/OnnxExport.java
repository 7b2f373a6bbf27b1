package org.mint4j.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mint4j.nn.Safetensors.Tensor;
import org.mint4j.prune.Masks;
import org.mint4j.util.AtomicFiles;

/**
 * Writes a network back as an ONNX model, the imported graph with the network's current weights:
 * as it is (the baseline), masked, or compacted (every channel set the masks left unread removed
 * from every layer, norm and constant holding it, see {@link Dependencies}). The file is written
 * whole or not at all.
 */
public final class OnnxExport {

    private OnnxExport() {
    }

    /** The network's weights as they are. */
    public static void baseline(OnnxNetwork network, Path out) {
        write(network.model(), held(network), KeptSlices.none(), out);
    }

    /** The weights with the masks applied. */
    public static void masked(OnnxNetwork network, Masks masks, Path out) {
        write(network.model(), masked(network, masks), KeptSlices.none(), out);
    }

    /** The masked weights with every channel the masks left unread removed: the same outputs, fewer parameters. */
    public static void compacted(OnnxNetwork network, Masks masks, Path out) {
        Map<String, Tensor> tensors = masked(network, masks);
        KeptSlices kept = KeptSlices.of(network.model(), tensors);
        write(network.model(), kept.select(tensors), kept, out);
    }

    /** The network's parameters in held layout ([outputs, inputs, ...]). */
    static Map<String, Tensor> held(OnnxNetwork network) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        network.namedParameters().forEach((name, p) ->
                out.put(name, new Tensor(p.getShape().getShape(), p.getArray().toFloatArray())));
        return out;
    }

    private static Map<String, Tensor> masked(OnnxNetwork network, Masks masks) {
        Map<String, Tensor> tensors = held(network);
        masks.byWeight().forEach((name, mask) -> {
            Tensor t = tensors.get(name);
            if (t == null || t.values().length != mask.length) {
                throw new IllegalArgumentException("mask for '" + name + "' does not fit a weight of "
                        + network.architecture());
            }
            for (int i = 0; i < mask.length; i++) {
                t.values()[i] *= mask[i];
            }
        });
        return tensors;
    }

    /**
     * The imported graph with these initializers (held layout turned back into ONNX's), Identity
     * aliases of initializers written as initializers of their own, and its nodes as compaction
     * leaves them.
     */
    static void write(OnnxModel model, Map<String, Tensor> tensors, KeptSlices kept, Path out) {
        GraphProto original = model.proto().getGraph();
        GraphProto.Builder graph = original.toBuilder().clearInitializer().clearValueInfo().clearNode().clearInput();
        original.getInputList().stream().filter(v -> v.getName().equals(model.inputName())).forEach(graph::addInput);
        for (NodeProto node : original.getNodeList()) {
            if (tensors.containsKey(node.getOutput(0))) {
                continue;
            }
            kept.addNode(model, node, graph);
        }
        tensors.forEach((name, t) -> graph.addInitializer(OnnxTensors.encode(name, model.transposed(name) ? OnnxTensors.transpose(t) : t)));
        original.getInitializerList().stream().filter(t -> t.getDataType() != TensorProto.DataType.FLOAT_VALUE)
                .forEach(graph::addInitializer);
        byte[] bytes = model.proto().toBuilder().setGraph(graph).build().toByteArray();
        AtomicFiles.write(out, o -> o.write(bytes));
    }
}
