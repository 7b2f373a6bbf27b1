package org.mint4j.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.mint4j.data.DataDirectory;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSet;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.train.Checkpoint;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.Evaluation;
import org.mint4j.train.TrainingLoop;

/**
 * Times the MNIST MLP through the real training loop: seconds per epoch (60,000 images, batch
 * 256, the recipe's optimizer) and inference over the 10,000 test images.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {
    }

    public static void run(DataDirectory data, int threads, int epochs, PrintWriter out) {
        EngineSetup.configure(threads);
        Recipe recipe = Recipes.load("mnist-mlp").withEpochs(epochs);
        ImageSet train = Datasets.load("mnist", data, true);
        ImageSet test = Datasets.load("mnist", data, false);
        out.printf("MLP training benchmark: %s, %d threads, %d epochs (the first is warm-up)%n",
                EngineSetup.describe(), threads, epochs);
        Path dir;
        try {
            dir = Files.createTempDirectory("mint-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = recipe.model().create();
            network.initialize(manager, recipe.seed());
            Checkpoint.State state = TrainingLoop.builder().setNetwork(network, manager).setData(train, test)
                    .setSchedule(recipe.train(), recipe.seed()).setDirectory(dir)
                    .optOutput(new PrintWriter(java.io.Writer.nullWriter())).build().run();
            double[] epochSeconds = state.history().stream().skip(1).mapToDouble(r -> r.seconds()).sorted().toArray();
            double median = epochSeconds[epochSeconds.length / 2];
            out.printf("training: %.2f s per epoch (median of %d after warm-up; all: %s); test accuracy %.2f%%%n",
                    median, epochSeconds.length, Arrays.toString(state.history().stream()
                            .mapToDouble(r -> Math.round(r.seconds() * 100) / 100.0).toArray()),
                    100 * state.history().get(state.history().size() - 1).testAccuracy());
            double[] inference = new double[7];
            for (int i = 0; i < inference.length; i++) {
                long t0 = System.nanoTime();
                Evaluation.accuracy(network, test, manager);
                inference[i] = (System.nanoTime() - t0) / 1e9;
            }
            Arrays.sort(inference);
            out.printf("inference: %.3f s for the 10,000 test images (median of %d, batch %d)%n",
                    inference[inference.length / 2], inference.length, Evaluation.BATCH);
            out.printf("reference on this machine, same engine outside the project: 4.97 s per epoch, 0.17 s%n");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                out.println("could not remove " + dir);
            }
        }
    }
}
