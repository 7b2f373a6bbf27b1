package org.mint4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A conv net split at its last convolutional feature map, for Grad-CAM: {@code features} runs the
 * input up to that map, {@code head} the rest, so that the gradient of a class score with respect
 * to the map can be taken (DJL has no hooks to take it from inside one forward pass).
 */
public interface CamNetwork extends PrunableNetwork {

    /** The last conv feature map [batch, channels, h, w], in inference mode. */
    NDArray features(ParameterStore store, NDArray input);

    /** Logits from that feature map, in inference mode. */
    NDArray head(ParameterStore store, NDArray features);
}
