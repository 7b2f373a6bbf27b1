package org.mint4j.run;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.data.Augmentation;
import org.mint4j.data.DataDirectory;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSet;
import org.mint4j.data.ImageSource;
import org.mint4j.data.ImageSubset;
import org.mint4j.data.Normalization;
import org.mint4j.nn.PytorchWeights;
import org.mint4j.util.Checksums;
import org.mint4j.nn.Networks;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.RecipeException;
import org.mint4j.recipe.Recipes;
import org.mint4j.train.Checkpoint;
import org.mint4j.train.CheckpointException;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.Evaluation;
import org.mint4j.train.TrainingLoop;
import org.mint4j.util.AtomicFiles;

/**
 * Trains a recipe's network into a run directory: {@code recipe.yaml} (the effective recipe),
 * {@code provenance.json}, the training loop's checkpoint, best weights and log, and
 * {@code train-result.json}.
 */
public final class TrainingJob {

    public static final String RECIPE = "recipe.yaml";
    public static final String RESULT = "train-result.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingJob() {
    }

    /** The outcome written to {@code train-result.json}. Accuracies in [0, 1]. */
    public record Result(String recipe, int epochs, double bestTestAccuracy, int bestEpoch, double finalTestAccuracy,
            double trainingSeconds, long parameters) {
    }

    /**
     * Trains, or continues an interrupted run when {@code resume} is set and the directory has a
     * checkpoint (its recipe must equal this one).
     */
    public static Result run(Recipe recipe, DataDirectory data, Path directory, int threads, boolean resume,
            List<String> command, PrintWriter out) {
        prepareDirectory(recipe, directory, resume);
        threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        EngineSetup.configure(threads);
        out.printf("%s: %s%n", recipe.name(), recipe.description());
        out.printf("data %s, run directory %s, %s, %d threads%n", data, directory, EngineSetup.describe(), threads);
        ImageSource train = load(recipe, data, true);
        ImageSource test = load(recipe, data, false);
        Map<String, String> checksums = Datasets.fileChecksums(recipe.dataset().name(), data);
        Path pretrained = pretrainedFile(recipe, data);
        Provenance.of(EngineSetup.describe(), threads, command, recipe.seed(), checksums,
                pretrained == null ? Map.of() : Map.of(pretrained.toString(), Checksums.sha256(pretrained)))
                .write(directory);
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = Networks.create(recipe.model());
            network.initialize(manager, recipe.seed());
            if (pretrained != null) {
                return importPretrained(recipe, network, pretrained, test, directory, manager, out);
            }
            Checkpoint.State state = TrainingLoop.builder()
                    .setNetwork(network, manager)
                    .setData(train, test)
                    .setSchedule(recipe.train(), recipe.seed())
                    .setDirectory(directory)
                    .optAugmentation(augmentation(recipe.dataset().augmentation()))
                    .optResume(resume)
                    .optOutput(out)
                    .build()
                    .run();
            double seconds = state.history().stream().mapToDouble(r -> r.seconds()).sum();
            double last = state.history().isEmpty() ? Double.NaN
                    : state.history().get(state.history().size() - 1).testAccuracy();
            Result result = new Result(recipe.name(), recipe.train().epochs(), state.bestAccuracy(), state.bestEpoch(),
                    last, seconds, Networks.parameterCount(network));
            AtomicFiles.writeString(directory.resolve(RESULT), JSON.writeValueAsString(result));
            out.printf("best test accuracy %.2f%% at epoch %d (final %.2f%%); %.0f s of training; weights in %s%n",
                    100 * result.bestTestAccuracy(), result.bestEpoch(), 100 * last, seconds,
                    directory.resolve(TrainingLoop.BEST));
            return result;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Uses pretrained weights as the baseline: measured, saved as the best weights, not trained. */
    private static Result importPretrained(Recipe recipe, PrunableNetwork network, Path file, ImageSource test,
            Path directory, NDManager manager, PrintWriter out) throws IOException {
        PytorchWeights.load(network, file);
        double accuracy = Evaluation.accuracy(network, test, manager);
        AtomicFiles.write(directory.resolve(TrainingLoop.BEST),
                o -> network.block().saveParameters(new java.io.DataOutputStream(o)));
        Result result = new Result(recipe.name(), 0, accuracy, 0, accuracy, 0, Networks.parameterCount(network));
        AtomicFiles.writeString(directory.resolve(RESULT), JSON.writeValueAsString(result));
        out.printf("imported %s: test accuracy %.2f%%; weights in %s%n", file, 100 * accuracy,
                directory.resolve(TrainingLoop.BEST));
        return result;
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

    /** A split of the recipe's dataset, with the recipe's normalisation. */
    public static ImageSource load(Recipe recipe, DataDirectory data, boolean train) {
        ImageSource source = Datasets.open(recipe.dataset().name(), data, train);
        if ("imagenet".equals(recipe.dataset().normalization()) && source instanceof ImageSet set) {
            source = set.withNormalization(Normalization.IMAGENET);
        }
        Integer perClass = train ? recipe.dataset().trainPerClass() : recipe.dataset().testPerClass();
        if (perClass != null) {
            // A different stream from the seed than the activations' sample and the batches.
            return ImageSubset.balanced(source, perClass, recipe.seed() * 31 + (train ? 1 : 2));
        }
        return source;
    }

    private static void prepareDirectory(Recipe recipe, Path directory, boolean resume) {
        Path recipeFile = directory.resolve(RECIPE);
        String yaml = Recipes.toYaml(recipe);
        try {
            if (Files.exists(recipeFile)) {
                if (!resume) {
                    throw new RecipeException(directory + " already holds a run; pass --resume to continue it or "
                            + "choose another --out");
                }
                Recipe previous = Recipes.parse(Files.readString(recipeFile), recipeFile.toString());
                if (!previous.equals(recipe)) {
                    throw new RecipeException(recipeFile + " differs from the recipe given now; a run can only be "
                            + "resumed with the recipe it started with");
                }
            } else {
                Files.createDirectories(directory);
                AtomicFiles.writeString(recipeFile, yaml);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Augmentation augmentation(String name) {
        return switch (name) {
            case "none" -> Augmentation.NONE;
            case "crop-flip" -> Augmentation.cropAndFlip(4);
            default -> throw new RecipeException("unknown augmentation '" + name + "'");
        };
    }

    /** Loads a run directory's recipe and best weights into a new network. */
    public static PrunableNetwork loadBest(Path directory, NDManager manager) {
        return loadWeights(loadRecipe(directory), directory.resolve(TrainingLoop.BEST), manager);
    }

    /** A new network of the recipe's architecture with the weights of a DJL parameter file. */
    public static PrunableNetwork loadWeights(Recipe recipe, Path weights, NDManager manager) {
        PrunableNetwork network = Networks.create(recipe.model());
        network.initialize(manager, recipe.seed());
        try (InputStream in = Files.newInputStream(weights)) {
            Networks.loadParameters(network, manager, new DataInputStream(in));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CheckpointException(weights, "missing: the run has not finished an epoch");
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            throw new CheckpointException(weights, "cannot be loaded into the " + recipe.model().architecture()
                    + " network: it is truncated, damaged, or the weights of another network");
        }
        return network;
    }

    public static Recipe loadRecipe(Path directory) {
        Path file = directory.resolve(RECIPE);
        if (!Files.isRegularFile(file)) {
            throw new RecipeException(directory + " is not a run directory: it has no " + RECIPE);
        }
        return Recipes.load(file.toString());
    }

    /** Accuracy of a run's best weights on the test split. */
    public static double evaluate(Path directory, DataDirectory data, int threads) {
        EngineSetup.configure(threads);
        Recipe recipe = loadRecipe(directory);
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = loadBest(directory, manager);
            return Evaluation.accuracy(network, load(recipe, data, false), manager);
        }
    }

    /** Layers, shapes and parameter counts of a recipe's network. */
    public static Map<String, long[]> describe(Recipe recipe) {
        EngineSetup.configure(1);
        Map<String, long[]> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = Networks.create(recipe.model());
            network.initialize(manager, recipe.seed());
            network.namedParameters().forEach((name, p) -> out.put(name, p.getShape().getShape()));
        }
        return out;
    }
}
