package org.mint4j.run;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.data.Augmentation;
import org.mint4j.data.DataDirectory;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSource;
import org.mint4j.nn.Networks;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.PytorchWeights;
import org.mint4j.nn.WeightFiles;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.RecipeException;
import org.mint4j.recipe.Recipes;
import org.mint4j.train.Checkpoint;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.Evaluation;
import org.mint4j.train.TrainingLoop;
import org.mint4j.util.AtomicFiles;
import org.mint4j.util.Json;

/**
 * The baseline stage: trains a recipe's network into a run directory, or imports pretrained
 * weights, writing {@code recipe.yaml}, {@code provenance.json}, {@code baseline.json} (what the
 * baseline is made from), the training loop's checkpoint, best weights and log, and
 * {@code train-result.json}.
 */
public final class TrainingJob {

    public static final String STAGE = "train";

    private TrainingJob() {
    }

    /**
     * The outcome written to {@code train-result.json}. Accuracies in [0, 1].
     *
     * @param selectedOn what the kept epoch was chosen on: {@code validation}, or {@code test} without a hold-out
     * @param validationAccuracy at the kept epoch; null without a hold-out
     * @param testAccuracy test accuracy of the kept weights
     * @param bestTestAccuracy the highest test accuracy of any epoch (the paper's convention: selects on test)
     */
    public record Result(String recipe, int epochs, String selectedOn, int selectedEpoch, Double validationAccuracy,
            double testAccuracy, double finalTestAccuracy, double bestTestAccuracy, double trainingSeconds,
            long parameters, String bestSha256) {
    }

    /** What a baseline was made from, written before the first epoch. */
    public record Baseline(Map<String, String> settings) {
    }

    /**
     * Trains, or continues an interrupted run, or returns the finished one: each only when the
     * directory's baseline was made with the same settings.
     */
    public static Result run(Recipe recipe, DataDirectory data, RunDirectory dir, int threads,
            boolean allowOtherThreads, List<String> command, PrintWriter out) {
        EngineSetup.configure(threads); // before anything is written: it may refuse the kernels
        Map<String, String> settings = settings(recipe, data, threads);
        if (Files.exists(dir.baseline())) {
            StageSettings.requireSame(STAGE, dir.baseline(), Json.read(dir.baseline(), Baseline.class).settings(),
                    settings, allowOtherThreads);
            if (Files.exists(dir.trainResult())) {
                out.printf("[train] baseline done: %s%n", dir.best());
                return Json.read(dir.trainResult(), Result.class);
            }
        } else {
            dir.claim();
            Json.write(dir.baseline(), new Baseline(settings));
        }
        AtomicFiles.writeString(dir.recipe(), Recipes.toYaml(recipe));
        out.printf("%s: %s%n", recipe.name(), recipe.description());
        out.printf("data %s, run directory %s, %s, %d threads%n", data, dir.root(), EngineSetup.describe(), threads);
        ImageSource train = recipe.open(data, true);
        ImageSource test = recipe.open(data, false);
        ImageSource validation = recipe.openValidation(data).orElse(null);
        Path pretrained = pretrainedFile(recipe, data);
        Map<String, String> inputs = new LinkedHashMap<>();
        if (pretrained != null) {
            inputs.put(pretrained.toString(), settings.get("pretrained_sha256"));
        }
        if (recipe.model().onnx() != null) {
            inputs.put(recipe.model().onnx(), settings.get("onnx_sha256"));
        }
        Provenance.of(EngineSetup.describe(), threads, command, recipe.seed(),
                Datasets.fileChecksums(recipe.dataset().name(), data), inputs).write(dir.provenance());
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = recipe.model().create();
            network.initialize(manager, recipe.seed());
            if (recipe.model().onnx() != null) {
                requireInputFits(recipe, network, test);
            }
            if (pretrained != null) {
                PytorchWeights.load(network, pretrained);
                return useAsBaseline(recipe, network, pretrained, validation, test, dir, manager, out);
            }
            if (recipe.train() == null) {
                return useAsBaseline(recipe, network, Path.of(recipe.model().onnx()), validation, test, dir, manager,
                        out);
            }
            Checkpoint.State state = TrainingLoop.builder()
                    .setNetwork(network, manager)
                    .setData(train, test)
                    .optValidation(validation)
                    .setSchedule(recipe.train(), recipe.seed())
                    .setDirectory(dir.root())
                    .optAugmentation(Augmentation.REGISTRY.get(recipe.dataset().augmentation()))
                    .optResume(true)
                    .optOutput(out)
                    .build()
                    .run();
            double seconds = state.history().stream().mapToDouble(r -> r.seconds()).sum();
            Result result = new Result(recipe.name(), recipe.train().epochs(), selectedOn(recipe), state.bestEpoch(),
                    state.selected().validationAccuracy(), state.selected().testAccuracy(),
                    state.last().testAccuracy(), state.bestTestAccuracy(), seconds, Networks.parameterCount(network),
                    WeightFiles.verify(dir.best()));
            Json.write(dir.trainResult(), result);
            out.printf("kept epoch %d, chosen on %s: test accuracy %.2f%% (last epoch %.2f%%, best of any epoch "
                    + "%.2f%%); %.0f s of training; weights in %s%n", result.selectedEpoch(),
                    recipe.dataset().selection(), 100 * result.testAccuracy(), 100 * result.finalTestAccuracy(),
                    100 * result.bestTestAccuracy(), seconds, dir.best());
            return result;
        }
    }

    /** Everything the baseline depends on: the recipe's model, data and schedule, the seed and the threads. */
    static Map<String, String> settings(Recipe recipe, DataDirectory data, int threads) {
        Map<String, String> s = new LinkedHashMap<>();
        Recipe.Model model = recipe.model();
        if (model.onnx() != null) {
            s.put("model.onnx", model.onnx());
            s.put("onnx_sha256", verified(recipe, Path.of(model.onnx()), model.onnxSha256(), "onnx"));
        } else {
            s.put("model.architecture", model.architecture());
        }
        Path pretrained = pretrainedFile(recipe, data);
        if (pretrained != null) {
            s.put("model.pretrained", model.pretrained());
            s.put("pretrained_sha256", verified(recipe, pretrained, model.pretrainedSha256(), "pretrained"));
        } else if (recipe.train() != null) {
            s.put("train", recipe.train().label());
        }
        Recipe.Dataset d = recipe.dataset();
        s.put("dataset", d.name() + " augmentation=" + d.augmentation() + " normalization=" + d.normalization()
                + " train_per_class=" + d.trainPerClass() + " test_per_class=" + d.testPerClass()
                + " validation_per_class=" + d.validationPerClass());
        s.put("seed", Long.toString(recipe.seed()));
        s.put(StageSettings.THREADS, Integer.toString(threads));
        return s;
    }

    /**
     * The digest of the file of {@code model.<key>}, checked against the recipe's
     * {@code model.<key>_sha256} when it gives one.
     */
    private static String verified(Recipe recipe, Path file, String expected, String key) {
        if (!Files.isRegularFile(file)) {
            throw new org.mint4j.nn.WeightFileException(file, "missing (model." + key + " of recipe " + recipe.name()
                    + ")");
        }
        return expected == null ? org.mint4j.util.Checksums.sha256(file) : WeightFiles.requireDigest(file, expected,
                "restore the original file (model." + key + "_sha256 of recipe " + recipe.name() + " names it)");
    }

    /** An imported model's declared input must be the dataset's image shape. */
    private static void requireInputFits(Recipe recipe, PrunableNetwork network, ImageSource test) {
        Shape images = new Shape(test.channels(), test.height(), test.width());
        if (!network.sampleShape().equals(images)) {
            throw new RecipeException("recipe " + recipe.name() + ": model.onnx " + recipe.model().onnx()
                    + " takes inputs of shape " + network.sampleShape() + ", but dataset " + recipe.dataset().name()
                    + " has images of shape " + images + "; expected a model for the dataset's images");
        }
    }

    /** Uses the network's weights as loaded (pretrained or imported) as the baseline: measured, saved, not trained. */
    private static Result useAsBaseline(Recipe recipe, PrunableNetwork network, Path file, ImageSource validation,
            ImageSource test, RunDirectory dir, NDManager manager, PrintWriter out) {
        double accuracy = Evaluation.accuracy(network, test, manager);
        Double validationAccuracy = validation == null ? null : Evaluation.accuracy(network, validation, manager);
        WeightFiles.write(dir.best(), o -> network.block().saveParameters(new DataOutputStream(o)));
        Result result = new Result(recipe.name(), 0, selectedOn(recipe), 0, validationAccuracy, accuracy, accuracy,
                accuracy, 0, Networks.parameterCount(network), WeightFiles.verify(dir.best()));
        Json.write(dir.trainResult(), result);
        out.printf("imported %s: test accuracy %.2f%%; weights in %s%n", file, 100 * accuracy, dir.best());
        return result;
    }

    /** What the best epoch is chosen on, as results record it: validation or test. */
    static String selectedOn(Recipe recipe) {
        return recipe.dataset().hasValidation() ? "validation" : "test";
    }

    /** The recipe's pretrained weights file (absolute, or relative to the data directory), or null. */
    static Path pretrainedFile(Recipe recipe, DataDirectory data) {
        String p = recipe.model().pretrained();
        if (p == null) {
            return null;
        }
        Path path = Path.of(p);
        return path.isAbsolute() ? path : data.root().resolve(path);
    }
}
