package org.mint4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * A tapped conv net in two parts, the convolutional body up to the last feature map and the
 * head after it, so that the same code serves training, taps and Grad-CAM.
 */
abstract class ConvNetwork extends TappedNetwork implements CamNetwork {

    ConvNetwork(byte version) {
        super(version);
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
