package org.mint4j.prune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.data.Batches;
import org.mint4j.data.ImageSource;
import org.mint4j.nn.PrunableLayer;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.TorchOwned;
import org.mint4j.train.Evaluation;

/**
 * The gradient of the training loss (softmax cross-entropy, as {@code TrainingLoop} uses) with
 * respect to every prunable layer's weight, summed over some images: the data a first-order Taylor
 * criterion needs. The forward pass is in inference mode (BatchNorm's running statistics, no
 * dropout), as Molchanov et al. score a trained network: the gradient is the one of the network
 * being pruned, not of a training step's noisy variant.
 */
public final class LossGradients {

    /**
     * Images per backward pass. The sum does not depend on it (inference mode: no batch
     * statistics); it bounds the memory the pass keeps for the gradient, about 4 MB per CIFAR image
     * in ResNet-56 and 100 MB per ImageNet image in ResNet-50.
     */
    static final int BATCH = 32;

    private LossGradients() {
    }

    /**
     * @param indices images of {@code set} to sum over
     * @return by weight name (PyTorch style), the summed gradient in the weight's element order
     */
    public static Map<String, float[]> sum(PrunableNetwork network, ImageSource set, int[] indices,
            NDManager manager) {
        List<PrunableLayer> layers = network.prunableLayers();
        List<Parameter> weights = layers.stream().map(l -> network.namedParameters().get(l.weight())).toList();
        double[][] sums = new double[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            weights.get(l).getArray().setRequiresGradient(true);
            sums[l] = new double[Math.toIntExact(weights.get(l).getArray().size())];
        }
        Loss loss = Loss.softmaxCrossEntropyLoss();
        ParameterStore store = new ParameterStore(manager, false);
        Batches batches = Batches.of(set, indices, BATCH);
        for (int b = 0; b < batches.count(); b++) {
            Batches.Batch batch = batches.get(b);
            try (NDScope scope = new NDScope();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                NDArray logits = network.block().forward(store, new NDList(Evaluation.input(manager, batch)), false)
                        .singletonOrThrow();
                // The loss is a mean over the batch; times the batch size it is the sum over its images.
                NDArray value = TorchOwned.times(
                        loss.evaluate(new NDList(manager.create(batch.labels())), new NDList(logits)), batch.size());
                gc.backward(value);
                for (int l = 0; l < layers.size(); l++) {
                    float[] g = weights.get(l).getArray().getGradient().toFloatArray();
                    for (int k = 0; k < g.length; k++) {
                        sums[l][k] += g[k];
                    }
                }
            }
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            float[] g = new float[sums[l].length];
            for (int k = 0; k < g.length; k++) {
                g[k] = (float) sums[l][k];
            }
            out.put(layers.get(l).weight(), g);
        }
        return out;
    }
}
