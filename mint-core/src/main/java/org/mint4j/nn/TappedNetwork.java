package org.mint4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A DJL block whose forward pass can also collect taps: subclasses write one {@link #run} that
 * adds each prunable layer's output to {@code taps} when it is not null; the plain forward pass and
 * {@link #forwardWithTaps} both go through it.
 */
abstract class TappedNetwork extends AbstractBlock implements PrunableNetwork {

    TappedNetwork(byte version) {
        super(version);
    }

    /** The logits; appends every prunable layer's tap to {@code taps} in order unless it is null. */
    abstract NDArray run(ParameterStore store, NDArray input, boolean training, List<NDArray> taps);

    @Override
    public Block block() {
        return this;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(run(store, inputs.singletonOrThrow(), training, null));
    }

    @Override
    public NDList forwardWithTaps(ParameterStore store, NDArray input) {
        List<NDArray> taps = new ArrayList<>();
        NDList out = new NDList(run(store, input, false, taps));
        out.addAll(taps);
        return out;
    }

    static NDArray apply(Block block, ParameterStore store, NDArray x, boolean training) {
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }
}
