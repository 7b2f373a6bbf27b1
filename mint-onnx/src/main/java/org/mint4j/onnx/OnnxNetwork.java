package org.mint4j.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.ChannelStructure;
import org.mint4j.nn.CompactedCopy;
import org.mint4j.nn.PrunableLayer;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.Safetensors.Tensor;
import org.mint4j.nn.TappedValue;
import org.mint4j.prune.DerivedPairs;
import org.mint4j.prune.LayerPair;

/**
 * An imported ONNX graph as a trainable DJL block: every float32 initializer is a parameter under
 * its ONNX name (BatchNorm running statistics and constants the exporter made are not trained, see
 * {@link OnnxModel#parameterType}), every
 * {@link Layer} is a prunable layer whose tap is its output (a conv's averaged over space). The
 * imported weights are the network's initial values: it is its own baseline.
 */
public final class OnnxNetwork extends AbstractBlock implements ChannelStructure, DerivedPairs {

    private static final byte VERSION = 1;

    private final OnnxModel model;
    private final Map<String, Parameter> named = new LinkedHashMap<>();
    private List<GraphPairs.HeadTap> headTaps;

    public OnnxNetwork(OnnxModel model) {
        super(VERSION);
        this.model = model;
        model.initializers().forEach((name, tensor) -> {
            Parameter.Type type = model.parameterType(name);
            named.put(name, addParameter(Parameter.builder().setName(name).setType(type)
                    .optShape(new Shape(tensor.shape()))
                    .optInitializer((manager, shape, dataType) -> manager.create(tensor.values(), shape))
                    .optRequiresGrad(type != Parameter.Type.OTHER && type != Parameter.Type.RUNNING_MEAN
                            && type != Parameter.Type.RUNNING_VAR)
                    .build()));
        });
    }

    public OnnxModel model() {
        return model;
    }

    /** {@code onnx:} and the file's name without its extension. */
    @Override
    public String architecture() {
        return "onnx:" + model.file().getFileName().toString().replaceFirst("\\.onnx$", "");
    }

    @Override
    public Block block() {
        return this;
    }

    @Override
    public Shape sampleShape() {
        return model.sampleShape();
    }

    @Override
    public List<PrunableLayer> prunableLayers() {
        return model.layers().stream().map(l -> new PrunableLayer(l.name(), l.weight(), l.outChannels())).toList();
    }

    /** Every attention's heads, as its output projection reads them ({@link GraphPairs#headTaps}). */
    @Override
    public List<TappedValue> tappedValues() {
        return headTaps().stream().map(t -> new TappedValue(t.name(), t.width())).toList();
    }

    private synchronized List<GraphPairs.HeadTap> headTaps() {
        if (headTaps == null) {
            headTaps = new GraphPairs(Dependencies.of(model)).headTaps();
        }
        return headTaps;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(named);
    }

    /** The current values of every parameter, by ONNX name, in the layout the ONNX file has. */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        named.forEach((name, p) -> {
            Tensor t = new Tensor(p.getShape().getShape(), p.getArray().toFloatArray());
            out.put(name, model.transposed(name) ? OnnxTensors.transpose(t) : t);
        });
        return out;
    }

    @Override
    public NDList forwardWithTaps(ParameterStore store, NDArray input) {
        long samples = input.getShape().get(0);
        // In the taps' order: the layers', then the heads'.
        List<Tap> taps = new ArrayList<>();
        for (Layer layer : model.layers()) {
            OnnxModel.Batch batch = model.batch(layer.output());
            // A layer whose output mixes the batch has no tap, and no pair (Dependencies.pairs).
            taps.add(new Tap(layer.output(), y -> batch == null
                    ? y.getManager().zeros(new Shape(samples, layer.outChannels()))
                    : Operators.channelMeans(y, batch, layer.channelAxis(y.getShape().dimension()), samples)));
        }
        for (GraphPairs.HeadTap head : headTaps()) {
            taps.add(new Tap(head.value(), y -> Operators.channelMeans(y, model.batch(head.value()),
                    y.getShape().dimension() - 1, samples)));
        }
        // Taken as each value is made: the forward closes a value after its last reader.
        NDArray[] taken = new NDArray[taps.size()];
        NDList out = new NDList(run(store, input, false, (name, y) -> {
            for (int t = 0; t < taken.length; t++) {
                if (taps.get(t).value().equals(name)) {
                    try (NDScope scope = new NDScope()) {
                        NDArray tap = taps.get(t).mean().apply(y);
                        // A Linear's [samples, channels] is its own tap: a copy outlives the value.
                        taken[t] = tap == y ? y.duplicate() : tap;
                        NDScope.unregister(taken[t]);
                    }
                    NDScope.register(taken[t]);
                }
            }
        }));
        out.addAll(new NDList(taken));
        return out;
    }

    /** A tap: the value it reads, and its per-sample channel means. */
    private record Tap(String value, Function<NDArray, NDArray> mean) {
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(run(store, inputs.singletonOrThrow(), training, null));
    }

    private NDArray run(ParameterStore store, NDArray input, boolean training, BiConsumer<String, NDArray> onValue) {
        return model.forward().run(input.getManager(), input,
                name -> store.getValue(named.get(name), input.getDevice(), training), training, onValue);
    }

    /** MINT's pairs as the graph gives them ({@link Dependencies#pairs}). */
    @Override
    public List<LayerPair> derivePairs(OptionalInt groups, Set<String> skip) {
        Grouping grouping = groups.isPresent() ? Grouping.sequential(groups.getAsInt()) : Grouping.perChannel();
        return Dependencies.of(model).pairs(grouping, skip);
    }

    /** The graph's unpinned coupled channel sets, as {@link Dependencies#families()}. */
    @Override
    public List<ChannelFamily> channelFamilies() {
        return Dependencies.of(model).families();
    }

    /**
     * The graph with every channel set its current weights leave unread removed (as
     * {@link OnnxExport#compacted}), written to {@code directory/compacted.onnx} and imported.
     */
    @Override
    public Optional<CompactedCopy> compactedCopy(NDManager manager, Path directory) {
        Map<String, Tensor> held = OnnxExport.held(this);
        KeptSlices kept = KeptSlices.of(model, held);
        Path file = directory.resolve("compacted.onnx");
        OnnxExport.write(model, kept.select(held), kept, file);
        OnnxNetwork smaller = new OnnxNetwork(OnnxModel.load(file));
        smaller.initialize(manager, 0);
        return Optional.of(new CompactedCopy() {
            @Override
            public PrunableNetwork network() {
                return smaller;
            }

            @Override
            public void writeBack() {
                Map<String, Tensor> values = OnnxExport.held(smaller);
                named.forEach((name, p) -> {
                    Tensor t = kept.expand(name, values.get(name), p.getShape().getShape());
                    p.getArray().set(FloatBuffer.wrap(t.values()));
                });
            }
        });
    }

    /** Positions a layer's weight is applied at per sample (a conv's height x width, a Linear's tokens), at import. */
    @Override
    public long outputPositions(String weight) {
        return model.layers().stream().filter(l -> l.weight().equals(weight)).findFirst().map(l -> {
            Shape out = model.shape(l.output());
            return out.size() / out.get(0) / l.outChannels();
        }).orElse(1L);
    }

    /** Sets every parameter to its imported value ({@code seed} is not used: the model is its own baseline). */
    @Override
    public void initialize(NDManager manager, long seed) {
        initialize(manager, DataType.FLOAT32, new Shape(1).addAll(model.sampleShape()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape out = model.shape(model.outputName());
        return new Shape[] {new Shape(inputShapes[0].get(0)).addAll(out.slice(1))};
    }
}
