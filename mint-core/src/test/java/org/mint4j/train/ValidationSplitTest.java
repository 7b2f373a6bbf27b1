package org.mint4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.SharedData;
import org.mint4j.data.DataDirectory;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSet;
import org.mint4j.data.ImageSource;
import org.mint4j.data.ImageSubset;
import org.mint4j.nn.Mlp;
import org.mint4j.nn.Networks;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;

class ValidationSplitTest {

    private static final String RECIPE = """
            name: split
            seed: 1
            model: {architecture: mlp}
            dataset: {name: mnist, augmentation: none}
            train: {epochs: 1, batch_size: 100, learning_rate: 0.01, momentum: 0.9, nesterov: true, \
            weight_decay: 0.0, milestones: [], gamma: 0.1}
            """;

    private static Recipe recipe(long seed, int validationPerClass) {
        Recipe r = Recipes.parse(RECIPE, "split");
        Recipe.Dataset d = r.dataset();
        return r.withSeed(seed).withDataset(new Recipe.Dataset(d.name(), d.augmentation(), d.normalization(), null,
                null, validationPerClass));
    }

    @Test
    void holdOutIsClassBalancedSeededAndDisjointFromTheImagesTrainedOn() {
        DataDirectory data = SharedData.directory();
        assertEquals(500, Recipes.parse(RECIPE, "split").dataset().validationPerClass(), "the default");
        ImageSubset validation = (ImageSubset) recipe(3, 20).openValidation(data).orElseThrow();
        ImageSubset trained = (ImageSubset) recipe(3, 20).open(data, true);
        ImageSet trainingFile = Datasets.load("mnist", data, true);

        int[] perClass = validation.classCounts();
        int[] twenty = new int[10];
        Arrays.fill(twenty, 20);
        assertArrayEquals(twenty, perClass);
        // Both are drawn from the training file and together are all of it, once each: no test image,
        // and no image both held out and trained on.
        assertEquals(trainingFile.size(), validation.size() + trained.size());
        BitSet seen = new BitSet();
        for (int[] part : List.of(validation.indices(), trained.indices())) {
            for (int i : part) {
                assertFalse(seen.get(i), "image " + i + " twice");
                seen.set(i);
            }
        }
        assertEquals(trainingFile.size(), seen.cardinality());
        byte[] held = new byte[validation.imageBytes()];
        byte[] original = new byte[validation.imageBytes()];
        validation.load(7, held, null);
        trainingFile.load(validation.indices()[7], original, null);
        assertArrayEquals(original, held);

        assertArrayEquals(validation.indices(),
                ((ImageSubset) recipe(3, 20).openValidation(data).orElseThrow()).indices(), "same seed");
        assertFalse(Arrays.equals(validation.indices(),
                ((ImageSubset) recipe(4, 20).openValidation(data).orElseThrow()).indices()), "another seed");

        assertTrue(recipe(3, 0).openValidation(data).isEmpty());
        assertEquals(trainingFile.size(), recipe(3, 0).open(data, true).size());
    }

    @Test
    void theKeptEpochIsTheValidationBestNotTheTestBest(@TempDir Path dir) throws Exception {
        EngineSetup.configure(2);
        ImageSet all = Datasets.load("mnist", SharedData.directory(), true);
        ImageSet train = all.subset(range(0, 1000), "train-1000");
        ImageSet validation = all.subset(range(1000, 1500), "validation-500");
        // The validation images with every label moved to the next class: as the network learns the
        // true labels, accuracy on this "test" set falls while validation accuracy rises.
        ImageSource test = relabelled(validation);
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = Mlp.paper();
            net.initialize(m, 7);
            Checkpoint.State state = TrainingLoop.builder().setNetwork(net, m).setData(train, test)
                    .optValidation(validation)
                    // The learning rate jumps to 1 in the last epoch, which wrecks the network: the
                    // validation-best epoch is not the last one either.
                    .setSchedule(new TrainingSchedule(3, 100, 0.05, 0.0, false, 0.0, List.of(2), 20.0), 7)
                    .setDirectory(dir).optOutput(new PrintWriter(new StringWriter())).build().run();

            List<EpochRecord> h = state.history();
            int validationBest = bestEpoch(h.stream().mapToDouble(EpochRecord::validationAccuracy).toArray());
            int testBest = bestEpoch(h.stream().mapToDouble(EpochRecord::testAccuracy).toArray());
            assertNotEquals(validationBest, testBest, "the case must make them disagree: " + h);
            assertNotEquals(h.size(), validationBest, "the case must make the last epoch worse: " + h);
            assertEquals(validationBest, state.bestEpoch(), h.toString());
            assertEquals(h.get(validationBest - 1).validationAccuracy(), state.bestAccuracy());

            Mlp kept = Mlp.paper();
            kept.initialize(m, 1);
            try (InputStream in = Files.newInputStream(dir.resolve(TrainingLoop.BEST))) {
                Networks.loadParameters(kept, m, new DataInputStream(in));
            }
            assertEquals(h.get(validationBest - 1).validationAccuracy(), Evaluation.accuracy(kept, validation, m));
        }
    }

    private static int bestEpoch(double[] accuracies) {
        int best = 0;
        for (int e = 1; e < accuracies.length; e++) {
            if (accuracies[e] > accuracies[best]) {
                best = e;
            }
        }
        return best + 1;
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    private static ImageSet relabelled(ImageSet set) {
        int per = set.imageBytes();
        byte[] pixels = new byte[set.size() * per];
        byte[] image = new byte[per];
        int[] labels = new int[set.size()];
        for (int i = 0; i < set.size(); i++) {
            set.load(i, image, null);
            System.arraycopy(image, 0, pixels, i * per, per);
            labels[i] = (set.label(i) + 1) % set.classes();
        }
        return new ImageSet("relabelled", pixels, labels, set.channels(), set.height(), set.width(), set.classes(),
                set.normalization());
    }
}
