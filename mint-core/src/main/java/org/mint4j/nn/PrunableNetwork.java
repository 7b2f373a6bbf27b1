package org.mint4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DJL network that mint4j can train, tap and prune. DJL has no forward hooks and names
 * parameters by position, so each network exposes its prunable layers' outputs (taps) and maps
 * PyTorch-style names to its parameters.
 */
public interface PrunableNetwork {

    /** A short architecture name, e.g. {@code mlp}. */
    String architecture();

    /** The DJL block, for training and inference. */
    Block block();

    /** The shape of one input sample, e.g. (1, 28, 28). */
    Shape sampleShape();

    /** Prunable layers in forward order. */
    List<PrunableLayer> prunableLayers();

    /** Every parameter (and buffer) by its PyTorch name, in PyTorch's state_dict order. */
    Map<String, Parameter> namedParameters();

    /**
     * Activations besides the prunable layers' outputs that pairs may name as parents, tapped after
     * the layers' by {@link #forwardWithTaps}. None by default.
     */
    default List<TappedValue> tappedValues() {
        return List.of();
    }

    /** Every tap's width by name, in {@link #forwardWithTaps}'s order: the prunable layers', then the tapped values'. */
    default Map<String, Integer> tapWidths() {
        Map<String, Integer> out = new LinkedHashMap<>();
        prunableLayers().forEach(l -> out.put(l.name(), l.outputs()));
        tappedValues().forEach(v -> out.put(v.name(), v.outputs()));
        return out;
    }

    /**
     * Inference forward pass that also returns each prunable layer's output: element 0 holds the
     * logits, element 1 + l the tap of prunable layer l, then one per {@link #tappedValues}, shaped
     * [batch, outputs] (conv outputs averaged over space).
     */
    NDList forwardWithTaps(ParameterStore store, NDArray input);

    /**
     * How many output positions each weight of {@code weight} is applied at for one input sample:
     * height x width of a conv's output, 1 for a linear layer. Valid once initialised.
     */
    default long outputPositions(String weight) {
        return 1;
    }

    /** Creates the parameters with PyTorch's default initialisation, drawn from {@code seed}. */
    void initialize(NDManager manager, long seed);
}
