package org.mint4j.prune;

import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.mint4j.nn.PrunableLayer;
import org.mint4j.nn.PrunableNetwork;

/**
 * What a network's tensors cost, by the one convention of mint4j's tables: a parameter is every
 * element of every tensor (running statistics included, as {@link Footprint}); a multiply-accumulate
 * per input sample is one per weight element and output position, a linear weight once, a conv
 * weight once per pixel of its output. Weights are the tensors of rank 2 or more named
 * {@code *.weight} and the prunable layers' weights; biases, BatchNorm, pooling, activations and
 * additions cost no MACs.
 *
 * @param shapes every tensor's shape by name
 * @param macPositions per weight, the output positions it is applied at
 */
public record TensorCosts(Map<String, long[]> shapes, Map<String, Long> macPositions) {

    public static TensorCosts of(PrunableNetwork network) {
        Set<String> layerWeights = network.prunableLayers().stream().map(PrunableLayer::weight)
                .collect(Collectors.toSet());
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, Long> positions = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : network.namedParameters().entrySet()) {
            long[] shape = e.getValue().getShape().getShape();
            shapes.put(e.getKey(), shape);
            if (shape.length >= 2 && (e.getKey().endsWith(".weight") || layerWeights.contains(e.getKey()))) {
                positions.put(e.getKey(), network.outputPositions(e.getKey()));
            }
        }
        return new TensorCosts(shapes, positions);
    }

    /** Elements of a tensor of this shape. */
    public static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** MACs per sample of a tensor of this shape: 0 unless it is a weight. */
    public long macs(String tensor, long[] shape) {
        Long positions = macPositions.get(tensor);
        return positions == null ? 0 : elements(shape) * positions;
    }

    /** MACs per sample of the whole network with every weight dense. */
    public long macs() {
        return shapes.entrySet().stream().mapToLong(e -> macs(e.getKey(), e.getValue())).sum();
    }

    public long parameters() {
        return shapes.values().stream().mapToLong(TensorCosts::elements).sum();
    }
}
