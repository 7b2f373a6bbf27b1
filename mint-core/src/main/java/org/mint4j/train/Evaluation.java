package org.mint4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.mint4j.data.Batches;
import org.mint4j.data.ImageSource;
import org.mint4j.nn.PrunableNetwork;

/** Inference over a whole image set. */
public final class Evaluation {

    private static final int BATCH = 1000;

    private Evaluation() {
    }

    /** Top-1 accuracy in [0, 1]. */
    public static double accuracy(PrunableNetwork network, ImageSource set, NDManager manager) {
        Batches batches = Batches.sequential(set, BATCH);
        ParameterStore store = new ParameterStore(manager, false);
        long correct = 0;
        for (int b = 0; b < batches.count(); b++) {
            Batches.Batch batch = batches.get(b);
            try (NDScope scope = new NDScope()) {
                NDArray x = input(manager, batch);
                NDArray logits = network.block().forward(store, new NDList(x), false).singletonOrThrow();
                correct += countCorrect(logits, manager.create(batch.labels()));
            }
        }
        return (double) correct / set.size();
    }

    /** A batch as an NDArray [batch, channels, height, width]. */
    public static NDArray input(NDManager manager, Batches.Batch batch) {
        return manager.create(batch.data(), new Shape(batch.size(), batch.channels(), batch.height(), batch.width()));
    }

    static long countCorrect(NDArray logits, NDArray labels) {
        return logits.argMax(1).toType(labels.getDataType(), false).eq(labels).sum().getLong();
    }
}
