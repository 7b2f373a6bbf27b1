package org.mint4j.characterize;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import org.mint4j.data.Normalization;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.TorchOwned;

/**
 * The iterative attacks of Kurakin et al. (2016) in pixel space: images in [0, 1] are perturbed
 * before normalisation and clipped back into [0, 1] and into the l-infinity ball of radius epsilon
 * around the original after every step.
 *
 * <ul>
 *   <li>iterative FGSM (untargeted): x += alpha sign(grad of the loss of the true label);
 *   <li>iterative least-likely class (targeted): x -= alpha sign(grad of the loss of the class the
 *       clean image makes least likely).
 * </ul>
 *
 * Step alpha = 1/255 and min(255 epsilon + 4, 1.25 * 255 epsilon) iterations, as Kurakin et al.
 */
public final class Attacks {

    /** Which attack. */
    public enum Kind {
        FGSM, LEAST_LIKELY
    }

    private final PrunableNetwork network;
    private final Normalization normalization;
    private final NDManager manager;

    public Attacks(PrunableNetwork network, Normalization normalization, NDManager manager) {
        this.network = network;
        this.normalization = normalization;
        this.manager = manager;
    }

    /** Iterations for an epsilon (in [0, 1] pixel units), as Kurakin et al. */
    public static int iterations(double epsilon) {
        double e = 255 * epsilon;
        return (int) Math.ceil(Math.min(e + 4, 1.25 * e));
    }

    /**
     * The adversarial images for a batch of clean pixels [batch, channels, h, w] in [0, 1].
     */
    public NDArray attack(NDArray pixels, int[] labels, Kind kind, double epsilon) {
        int steps = iterations(epsilon);
        float alpha = 1f / 255;
        int[] target = kind == Kind.FGSM ? labels : leastLikely(pixels);
        float sign = kind == Kind.FGSM ? 1f : -1f;
        NDArray x = pixels.duplicate();
        NDArray low = pixels.sub((float) epsilon).clip(0f, 1f);
        NDArray high = pixels.add((float) epsilon).clip(0f, 1f);
        for (int s = 0; s < steps; s++) {
            NDArray grad = lossGradient(x, target);
            x = x.add(grad.sign().mul(alpha * sign));
            x = x.maximum(low).minimum(high);
        }
        return x;
    }

    /** d loss(x, labels) / d x, through the normalisation, in inference mode. */
    public NDArray lossGradient(NDArray pixels, int[] labels) {
        NDArray x = pixels.duplicate();
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = logits(x);
            NDArray loss = TorchOwned.times(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(manager.create(labels)),
                    new NDList(logits)), labels.length);
            gc.backward(loss);
        }
        return x.getGradient().duplicate();
    }

    /** The summed cross-entropy of a batch (the quantity {@link #lossGradient} differentiates). */
    public double loss(NDArray pixels, int[] labels) {
        return Loss.softmaxCrossEntropyLoss().evaluate(new NDList(manager.create(labels)),
                new NDList(logits(pixels))).getFloat() * labels.length;
    }

    /** Logits of pixels in [0, 1]. */
    public NDArray logits(NDArray pixels) {
        return network.block().forward(new ParameterStore(manager, false), new NDList(normalize(pixels)), false)
                .singletonOrThrow();
    }

    private NDArray normalize(NDArray pixels) {
        int channels = normalization.mean().length;
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) normalization.mean()[c];
            std[c] = (float) normalization.std()[c];
        }
        Shape s = new Shape(1, channels, 1, 1);
        return pixels.sub(manager.create(mean, s)).div(manager.create(std, s));
    }

    private int[] leastLikely(NDArray pixels) {
        long[] argmin = logits(pixels).argMin(1).toLongArray();
        int[] out = new int[argmin.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) argmin[i];
        }
        return out;
    }
}
