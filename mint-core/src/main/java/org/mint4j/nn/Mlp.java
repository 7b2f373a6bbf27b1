package org.mint4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The paper's MNIST multilayer perceptron: 784-500-300-10, ReLU, dropout 0.2 after fc1 and fc2.
 * Its taps are the outputs of fc1 and fc2 after ReLU (as the authors' MLP code records them) and
 * the logits of fc3.
 */
public final class Mlp extends TappedNetwork implements CompactableNetwork, OperatorGraph.Writable {

    private static final byte VERSION = 1;

    private final int[] widths;
    private final float dropout;
    private final List<Linear> layers = new ArrayList<>();
    private final Dropout drop;

    /**
     * @param widths input width, hidden widths..., classes; e.g. {784, 500, 300, 10}
     * @param dropout dropout rate after each hidden layer
     */
    public Mlp(int[] widths, float dropout) {
        super(VERSION);
        if (widths.length < 2) {
            throw new IllegalArgumentException("an MLP needs an input and an output width");
        }
        this.widths = widths.clone();
        this.dropout = dropout;
        for (int l = 1; l < widths.length; l++) {
            layers.add(addChildBlock("fc" + l, Linear.builder().setUnits(widths[l]).build()));
        }
        drop = addChildBlock("dropout", Dropout.builder().optRate(dropout).build());
    }

    /** The paper's 784-500-300-10 network. */
    public static Mlp paper() {
        return new Mlp(new int[] {784, 500, 300, 10}, 0.2f);
    }

    @Override
    public String architecture() {
        return "mlp";
    }

    /** Input width, hidden widths..., classes. */
    public int[] widths() {
        return widths.clone();
    }

    /** fc_l -> fc_(l+1) through ReLU and dropout (identity at inference). */
    @Override
    public List<ChannelLink> channelLinks() {
        List<ChannelLink> out = new ArrayList<>();
        for (int l = 1; l + 1 < widths.length; l++) {
            out.add(new ChannelLink("fc" + l, null, "fc" + (l + 1), true));
        }
        return out;
    }

    @Override
    public int[] channels() {
        return java.util.Arrays.copyOfRange(widths, 1, widths.length - 1);
    }

    @Override
    public Mlp withChannels(int[] hidden) {
        int[] w = widths.clone();
        if (hidden.length != w.length - 2) {
            throw new IllegalArgumentException("this MLP has " + (w.length - 2) + " hidden layers, not " + hidden.length);
        }
        System.arraycopy(hidden, 0, w, 1, hidden.length);
        return new Mlp(w, dropout);
    }

    @Override
    public Shape sampleShape() {
        return new Shape(widths[0]);
    }

    @Override
    public List<PrunableLayer> prunableLayers() {
        List<PrunableLayer> out = new ArrayList<>();
        for (int l = 1; l < widths.length; l++) {
            out.add(new PrunableLayer("fc" + l, "fc" + l + ".weight", widths[l]));
        }
        return out;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            Linear layer = layers.get(l);
            out.put("fc" + (l + 1) + ".weight", layer.getParameters().get("weight"));
            out.put("fc" + (l + 1) + ".bias", layer.getParameters().get("bias"));
        }
        return out;
    }

    @Override
    NDArray run(ParameterStore store, NDArray input, boolean training, List<NDArray> taps) {
        NDArray x = input.reshape(input.getShape().get(0), widths[0]);
        for (int l = 0; l < layers.size(); l++) {
            x = apply(layers.get(l), store, x, training);
            if (l < layers.size() - 1) {
                x = x.getNDArrayInternal().relu();
                if (taps != null) {
                    taps.add(x);
                }
                if (dropout > 0) {
                    x = apply(drop, store, x, training);
                }
            } else if (taps != null) {
                taps.add(x);
            }
        }
        return x;
    }

    @Override
    public String writeTo(OperatorGraph graph) {
        String x = graph.input();
        for (int l = 1; l < widths.length; l++) {
            x = graph.linear(x, "fc" + l);
            if (l + 1 < widths.length) {
                x = graph.relu(x);
            }
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), widths[widths.length - 1])};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).initialize(manager, dataType, new Shape(batch, widths[l]));
        }
        drop.initialize(manager, dataType, new Shape(batch, widths[1]));
    }

    @Override
    public void initialize(NDManager manager, long seed) {
        initialize(manager, DataType.FLOAT32, new Shape(1, widths[0]));
        Random rng = new Random(seed);
        for (int l = 0; l < layers.size(); l++) {
            Initialization.pytorchUniform(layers.get(l).getParameters().get("weight"), widths[l], rng);
            Initialization.pytorchUniform(layers.get(l).getParameters().get("bias"), widths[l], rng);
        }
    }
}
