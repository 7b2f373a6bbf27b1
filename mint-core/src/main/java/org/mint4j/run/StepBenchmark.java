package org.mint4j.run;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.mint4j.nn.Networks;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.recipe.Recipe;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.NesterovSgd;

/**
 * Seconds per training step (forward, backward, Nesterov SGD update) of a network at a batch
 * size, on random CIFAR-shaped inputs: the median of several steps after warm-up.
 */
public final class StepBenchmark {

    private StepBenchmark() {
    }

    /** @param models built-in architectures, or ONNX files (ending in {@code .onnx}) to import */
    public static void run(List<String> models, int batch, int steps, int threads, PrintWriter out) {
        EngineSetup.configure(threads);
        out.printf("training-step benchmark: %s, %d threads, batch %d, median of %d steps after 2 warm-up steps%n",
                EngineSetup.describe(), threads, batch, steps);
        for (String model : models) {
            try (NDManager manager = NDManager.newBaseManager()) {
                PrunableNetwork network = model.endsWith(".onnx")
                        ? Networks.importNetwork(Recipe.Model.ONNX, Path.of(model)) : Networks.create(model);
                network.initialize(manager, 1);
                Shape sample = network.sampleShape();
                Random rng = new Random(1);
                float[] pixels = new float[Math.toIntExact(batch * sample.size())];
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = (float) rng.nextGaussian();
                }
                int[] labels = new int[batch];
                for (int i = 0; i < batch; i++) {
                    labels[i] = rng.nextInt(10);
                }
                NesterovSgd sgd = NesterovSgd.builder().setLearningRate(0.01f).optMomentum(0.9f).optNesterov(true)
                        .optWeightDecays(5e-4f).build();
                ParameterStore store = new ParameterStore(manager, false);
                List<Parameter> params = network.namedParameters().values().stream()
                        .filter(Parameter::requiresGradient).toList();
                double[] seconds = new double[steps + 2];
                for (int s = 0; s < seconds.length; s++) {
                    long t0 = System.nanoTime();
                    try (NDScope scope = new NDScope()) {
                        NDArray x = manager.create(pixels, new Shape(batch, sample.get(0), sample.get(1),
                                sample.get(2)));
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            gc.zeroGradients();
                            NDArray logits = network.block().forward(store, new NDList(x), true).singletonOrThrow();
                            gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(manager.create(labels)),
                                    new NDList(logits)));
                        }
                        for (Parameter p : params) {
                            sgd.update(p.getId(), p.getArray(), p.getArray().getGradient());
                        }
                    }
                    seconds[s] = (System.nanoTime() - t0) / 1e9;
                }
                double[] measured = Arrays.copyOfRange(seconds, 2, seconds.length);
                Arrays.sort(measured);
                out.printf("%-10s %.2f s per step (min %.2f, max %.2f)%n", network.architecture(), measured[measured.length / 2],
                        measured[0], measured[measured.length - 1]);
            }
        }
    }
}
