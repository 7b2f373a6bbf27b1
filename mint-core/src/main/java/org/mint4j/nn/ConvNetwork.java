package org.mint4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tapped conv net in two parts, the convolutional body up to the last feature map and the
 * head after it, so that the same code serves training, taps and Grad-CAM.
 */
abstract class ConvNetwork extends TappedNetwork implements CamNetwork {

    /** Output positions (height x width) of each conv weight, recorded when the blocks are initialised. */
    private final Map<Parameter, Long> positions = new IdentityHashMap<>();

    ConvNetwork(byte version) {
        super(version);
    }

    /** Initialises a child block for the given input shape and returns its output shape. */
    Shape init(Block block, NDManager manager, DataType type, Shape input) {
        Shape out = ConvNets.init(block, manager, type, input);
        if (block instanceof Conv2d) {
            positions.put(block.getParameters().get("weight"), out.get(2) * out.get(3));
        }
        return out;
    }

    @Override
    public long outputPositions(String weight) {
        return positions.getOrDefault(namedParameters().get(weight), 1L);
    }

    /** Input to the last conv feature map, appending conv taps to {@code taps} unless it is null. */
    abstract NDArray body(ParameterStore store, NDArray input, boolean training, List<NDArray> taps);

    /** Feature map to logits, appending the head's taps (ending with the logits) unless null. */
    abstract NDArray classify(ParameterStore store, NDArray features, boolean training, List<NDArray> taps);

    @Override
    final NDArray run(ParameterStore store, NDArray input, boolean training, List<NDArray> taps) {
        return classify(store, body(store, input, training, taps), training, taps);
    }

    @Override
    public final NDArray features(ParameterStore store, NDArray input) {
        return body(store, input, false, null);
    }

    @Override
    public final NDArray head(ParameterStore store, NDArray features) {
        return classify(store, features, false, null);
    }
}
