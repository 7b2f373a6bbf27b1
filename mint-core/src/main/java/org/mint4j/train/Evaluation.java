package org.mint4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.function.BiConsumer;
import org.mint4j.data.Batches;
import org.mint4j.data.ImageSource;
import org.mint4j.nn.PrunableNetwork;

/** Inference over a whole image set. */
public final class Evaluation {

    /**
     * Small enough that a batch's activations (a CIFAR ResNet's first stage, a ViT's FFN) stay under
     * glibc's largest mmap threshold (32 MB), so freed arrays are reused instead of mapped and
     * zero-filled afresh for every operator: at 1,000, ResNet-56 and the ViT spent most of an
     * evaluation in the kernel (docs/benchmarks.md). The logits are the same bits at either size
     * (EvaluationTest for the pretrained ResNet-20; docs/benchmarks.md lists the other networks
     * checked), so the accuracies measured at 1,000 stand.
     */
    public static final int BATCH = 125;

    private Evaluation() {
    }

    /** Top-1 accuracy in [0, 1]. */
    public static double accuracy(PrunableNetwork network, ImageSource set, NDManager manager) {
        long[] correct = {0};
        forEachBatch(network, set, manager, BATCH,
                (batch, logits) -> correct[0] += countCorrect(logits, manager.create(batch.labels())));
        return (double) correct[0] / set.size();
    }

    /** The network's logits over the set in batches of {@code size}, each handed to {@code each} in order. */
    static void forEachBatch(PrunableNetwork network, ImageSource set, NDManager manager, int size,
            BiConsumer<Batches.Batch, NDArray> each) {
        Batches batches = Batches.sequential(set, size);
        ParameterStore store = new ParameterStore(manager, false);
        for (int b = 0; b < batches.count(); b++) {
            Batches.Batch batch = batches.get(b);
            try (NDScope scope = new NDScope()) {
                NDArray x = input(manager, batch);
                each.accept(batch, network.block().forward(store, new NDList(x), false).singletonOrThrow());
            }
        }
    }

    /** A batch as an NDArray [batch, channels, height, width]. */
    public static NDArray input(NDManager manager, Batches.Batch batch) {
        return manager.create(batch.data(), new Shape(batch.size(), batch.channels(), batch.height(), batch.width()));
    }

    static long countCorrect(NDArray logits, NDArray labels) {
        return logits.argMax(1).toType(labels.getDataType(), false).eq(labels).sum().getLong();
    }
}
