package org.mint4j.deploy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.nn.ChannelLink;
import org.mint4j.nn.CompactableNetwork;
import org.mint4j.nn.Safetensors.Tensor;

/**
 * Removes the channels (neurons) of a masked network that can no longer matter, giving a smaller
 * dense network with the same outputs at inference. For each {@link ChannelLink} of the network:
 *
 * <ul>
 *   <li>a channel whose outgoing weights (the consumer's input column) are all zero is dropped;
 *   <li>a channel whose incoming weights are all zero is constant: relu(norm(bias)). It is dropped
 *       when that constant is 0, or when the consumer can take it into its bias exactly (linear
 *       consumers); otherwise it is kept (a padded conv sees a constant map as non-constant at the
 *       borders).
 * </ul>
 *
 * Repeated until nothing changes, since a removal can leave another channel without inputs or
 * outputs. When every channel of a link would go, one silent channel (zero weights, zero
 * output) is kept so that the layer still exists. Channels outside the links (inputs, classes, the
 * residual stream of a ResNet) are kept.
 */
public final class Compaction {

    /** PyTorch's BatchNorm epsilon, which every mint4j network uses. */
    private static final double NORM_EPSILON = 1e-5;

    private Compaction() {
    }

    /** The compacted network, initialised on {@code manager}; {@code masked} is not changed. */
    public static CompactableNetwork compact(CompactableNetwork masked, NDManager manager) {
        Map<String, Tensor> p = new LinkedHashMap<>();
        masked.namedParameters().forEach((name, param) -> p.put(name, new Tensor(param.getShape().getShape(),
                param.getArray().toFloatArray())));
        List<ChannelLink> links = masked.channelLinks();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ChannelLink link : links) {
                changed |= compactLink(p, link);
            }
        }
        int[] channels = links.stream().mapToInt(l -> (int) p.get(l.producer() + ".weight").shape()[0]).toArray();
        CompactableNetwork out = masked.withChannels(channels);
        out.initialize(manager, 0);
        for (Map.Entry<String, Parameter> e : out.namedParameters().entrySet()) {
            Tensor t = p.get(e.getKey());
            if (!Arrays.equals(t.shape(), e.getValue().getShape().getShape())) {
                throw new IllegalStateException(e.getKey() + ": compacted to " + Arrays.toString(t.shape())
                        + " but the rebuilt network has " + e.getValue().getShape());
            }
            e.getValue().getArray().set(FloatBuffer.wrap(t.values()));
        }
        return out;
    }

    /** One pass over one link; true when it removed a channel. */
    private static boolean compactLink(Map<String, Tensor> p, ChannelLink link) {
        Tensor weight = p.get(link.producer() + ".weight");
        Tensor bias = p.get(link.producer() + ".bias");
        Tensor consumer = p.get(link.consumer() + ".weight");
        Tensor consumerBias = p.get(link.consumer() + ".bias");
        int channels = (int) weight.shape()[0];
        int consumerOut = (int) consumer.shape()[0];
        int consumerInner = (int) (consumer.values().length / consumerOut / channels);
        float[] newConsumerBias = consumerBias == null ? null : consumerBias.values().clone();
        List<Integer> keep = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            if (isZero(consumer, 1, c)) {
                continue;
            }
            if (isZero(weight, 0, c)) {
                double constant = Math.max(0, normalise(p, link.norm(), c, bias == null ? 0 : bias.values()[c]));
                if (constant == 0) {
                    continue;
                }
                if (link.constantFoldsIntoBias() && newConsumerBias != null) {
                    for (int o = 0; o < consumerOut; o++) {
                        double sum = 0;
                        for (int k = 0; k < consumerInner; k++) {
                            sum += consumer.values()[(o * channels + c) * consumerInner + k];
                        }
                        newConsumerBias[o] += (float) (sum * constant);
                    }
                    continue;
                }
            }
            keep.add(c);
        }
        if (keep.size() == channels) {
            return false;
        }
        if (keep.isEmpty()) {
            if (channels == 1 && isZero(weight, 0, 0) && isZero(consumer, 1, 0) && silent(p, link, bias)) {
                return false;
            }
            // Keep one silent channel: zero weights and bias, a norm that maps 0 to 0.
            keep.add(0);
            select(p, link, keep, newConsumerBias);
            zero(p.get(link.producer() + ".weight"));
            zero(p.get(link.producer() + ".bias"));
            zero(p.get(link.consumer() + ".weight"));
            if (link.norm() != null) {
                zero(p.get(link.norm() + ".bias"));
                zero(p.get(link.norm() + ".running_mean"));
            }
            return true;
        }
        select(p, link, keep, newConsumerBias);
        return true;
    }

    private static boolean silent(Map<String, Tensor> p, ChannelLink link, Tensor bias) {
        boolean silent = bias == null || bias.values()[0] == 0f;
        if (link.norm() != null) {
            silent &= p.get(link.norm() + ".bias").values()[0] == 0f
                    && p.get(link.norm() + ".running_mean").values()[0] == 0f;
        }
        return silent;
    }

    /** BatchNorm at inference: (x - mean) / sqrt(var + eps) * gamma + beta; identity without one. */
    private static double normalise(Map<String, Tensor> p, String norm, int c, double x) {
        if (norm == null) {
            return x;
        }
        double mean = p.get(norm + ".running_mean").values()[c];
        double var = p.get(norm + ".running_var").values()[c];
        return (x - mean) / Math.sqrt(var + NORM_EPSILON) * p.get(norm + ".weight").values()[c]
                + p.get(norm + ".bias").values()[c];
    }

    private static void select(Map<String, Tensor> p, ChannelLink link, List<Integer> keep, float[] consumerBias) {
        p.computeIfPresent(link.producer() + ".weight", (k, t) -> along(t, 0, keep));
        p.computeIfPresent(link.producer() + ".bias", (k, t) -> along(t, 0, keep));
        if (link.norm() != null) {
            for (String s : List.of(".weight", ".bias", ".running_mean", ".running_var")) {
                p.computeIfPresent(link.norm() + s, (k, t) -> along(t, 0, keep));
            }
        }
        p.computeIfPresent(link.consumer() + ".weight", (k, t) -> along(t, 1, keep));
        if (consumerBias != null) {
            p.put(link.consumer() + ".bias", new Tensor(p.get(link.consumer() + ".bias").shape(), consumerBias));
        }
    }

    /** The tensor with only the kept indices along {@code dim} (0 or 1). */
    public static Tensor along(Tensor t, int dim, List<Integer> keep) {
        long[] shape = t.shape().clone();
        int outer = 1;
        for (int d = 0; d < dim; d++) {
            outer *= (int) shape[d];
        }
        int size = (int) shape[dim];
        int inner = t.values().length / outer / size;
        float[] out = new float[outer * keep.size() * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < keep.size(); i++) {
                System.arraycopy(t.values(), (o * size + keep.get(i)) * inner, out, (o * keep.size() + i) * inner,
                        inner);
            }
        }
        shape[dim] = keep.size();
        return new Tensor(shape, out);
    }

    /** Whether the slice {@code index} along {@code dim} (0 or 1) is all zero. */
    public static boolean isZero(Tensor t, int dim, int index) {
        int outer = dim == 0 ? 1 : (int) t.shape()[0];
        int size = (int) t.shape()[dim];
        int inner = t.values().length / outer / size;
        for (int o = 0; o < outer; o++) {
            int base = (o * size + index) * inner;
            for (int k = 0; k < inner; k++) {
                if (t.values()[base + k] != 0f) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void zero(Tensor t) {
        if (t != null) {
            Arrays.fill(t.values(), 0f);
        }
    }
}
