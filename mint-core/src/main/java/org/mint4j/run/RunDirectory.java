package org.mint4j.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.mint4j.nn.Networks;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.WeightFileException;
import org.mint4j.nn.WeightFiles;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.train.TrainingLoop;
import org.mint4j.util.Json;

/**
 * The layout of a run directory, in one place: every file name, the point directories and reading
 * them back. No other class joins paths into a run directory.
 *
 * <pre>
 * DIR/run.json                                   format and version of this layout
 * DIR/recipe.yaml, provenance.json               the effective recipe; versions, command, checksums
 * DIR/baseline.json, best.params(.sha256), checkpoint.ckpt, train-log.jsonl, train-result.json   the baseline
 * DIR/sample.json                                the images whose activations were recorded
 * DIR/scores/CRITERION.json                      scores with what they were made from
 * DIR/retrain/CRITERION-tTARGET-DIGEST/          a retraining (a training directory) + point.json, masks
 * DIR/results.json, results.md, compression-t*.png   the table of one seed
 * DIR/seed-S/                                    one seed of a multi-seed run; DIR/summary.md, summary.json
 * DIR/report.html, tradeoff.png, retraining.png  mint report: every table and plot in one page
 * </pre>
 */
public record RunDirectory(Path root) {

    /** The layout version; a directory of another version is refused with one message. */
    public static final int VERSION = 2;
    static final String FORMAT = "mint4j-run";

    public record Format(String format, int version) {
    }

    public static RunDirectory at(Path root) {
        return new RunDirectory(root);
    }

    public Path format() {
        return root.resolve("run.json");
    }

    public Path recipe() {
        return root.resolve("recipe.yaml");
    }

    public Path provenance() {
        return root.resolve("provenance.json");
    }

    /** What the baseline is made from (written before its first epoch). */
    public Path baseline() {
        return root.resolve("baseline.json");
    }

    public Path trainResult() {
        return root.resolve("train-result.json");
    }

    /** The baseline's best weights. */
    public Path best() {
        return root.resolve(TrainingLoop.BEST);
    }

    public Path checkpoint() {
        return root.resolve(TrainingLoop.CHECKPOINT);
    }

    public Path trainLog() {
        return root.resolve(TrainingLoop.LOG);
    }

    /** @throws RunDirectoryException when the baseline has not been trained */
    public void requireBaseline() {
        if (!Files.exists(trainResult())) {
            throw new RunDirectoryException(root + " has no trained baseline (" + trainResult().getFileName()
                    + "); run mint train or mint run first");
        }
    }

    public Path sample() {
        return root.resolve("sample.json");
    }

    public Path scoresDirectory() {
        return root.resolve("scores");
    }

    public Path scores(String criterion) {
        return scoresDirectory().resolve(criterion + ".json");
    }

    /** One finished unit of an unfinished scoring, named by everything it depends on. */
    public Path partialScores(String criterion, String settingsDigest, int pair, int from, int to) {
        return scoresDirectory().resolve(String.format(Locale.ROOT, "%s-%s.pair%d.g%d-%d.partial.json", criterion,
                settingsDigest, pair, from, to));
    }

    /** Partial units of a criterion, any settings. */
    public List<Path> partialScores(String criterion) {
        return list(scoresDirectory(), f -> f.startsWith(criterion + "-") && f.endsWith(".partial.json"));
    }

    public Path retrainDirectory() {
        return root.resolve("retrain");
    }

    public Path point(PointName name) {
        return retrainDirectory().resolve(name.directoryName());
    }

    /** A point by its directory name, as users pass it. */
    public Path point(String directoryName) {
        return retrainDirectory().resolve(directoryName);
    }

    public static Path pointFile(Path point) {
        return point.resolve("point.json");
    }

    /** The masks a point was retrained with, by PyTorch weight name. */
    public static Path pointMasks(Path point) {
        return point.resolve("masks.safetensors");
    }

    public static Path pointWeights(Path point) {
        return point.resolve(TrainingLoop.BEST);
    }

    public Path results() {
        return root.resolve("results.json");
    }

    public Path table() {
        return root.resolve("results.md");
    }

    public Path compressionPlot(double target) {
        return root.resolve(String.format(Locale.ROOT, "compression-t%.4f.png", target));
    }

    public RunDirectory seed(long seed) {
        return new RunDirectory(root.resolve("seed-" + seed));
    }

    /** The seed directories of a multi-seed run, by seed; empty for a run of one seed. */
    public List<RunDirectory> seeds() {
        return list(root, f -> f.matches("seed-\\d+")).stream().filter(Files::isDirectory)
                .sorted(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(5))))
                .map(RunDirectory::new).toList();
    }

    /**
     * The run of one seed that {@code dir} names: {@code dir} itself when it is the run of one seed,
     * else its {@code seed-S} directory: the only one, or the one of {@code seed} when given.
     *
     * @param seed the seed asked for, or null
     * @throws RunDirectoryException when {@code dir} holds several seeds and none is asked for, or
     *     not the one asked for; the message lists the seeds there are
     */
    public static RunDirectory oneSeed(Path dir, Long seed) {
        RunDirectory run = at(dir);
        List<RunDirectory> seeds = run.seeds();
        if (seeds.isEmpty()) {
            if (seed != null && Files.isRegularFile(run.recipe()) && run.readRecipe().seed() != seed) {
                throw new RunDirectoryException(dir + " is the run of seed " + run.readRecipe().seed() + ", not of seed "
                        + seed + "; leave out --seed");
            }
            return run;
        }
        if (seed != null) {
            RunDirectory chosen = run.seed(seed);
            if (!seeds.contains(chosen)) {
                throw new RunDirectoryException(dir + " has no run of seed " + seed + "; its seeds are "
                        + seedList(seeds));
            }
            return chosen;
        }
        if (seeds.size() > 1) {
            throw new RunDirectoryException(dir + " holds the runs of seeds " + seedList(seeds) + "; choose one with "
                    + "--seed N");
        }
        return seeds.get(0);
    }

    /** Every seed's run that {@code dir} names: its seed-S directories, or {@link #oneSeed} when a seed is given. */
    public static List<RunDirectory> eachSeed(Path dir, Long seed) {
        List<RunDirectory> seeds = at(dir).seeds();
        return seed != null || seeds.isEmpty() ? List.of(oneSeed(dir, seed)) : seeds;
    }

    private static String seedList(List<RunDirectory> seeds) {
        return String.join(", ", seeds.stream().map(s -> s.root().getFileName().toString().substring("seed-".length()))
                .toList());
    }

    /** Accuracy after retraining against the fraction zeroed, over every seed of the run ({@code mint report}). */
    public Path tradeoffPlot() {
        return root.resolve("tradeoff.png");
    }

    /** Accuracy before and after retraining per criterion and target, over every seed ({@code mint report}). */
    public Path retrainingPlot() {
        return root.resolve("retraining.png");
    }

    public Path summaryTable() {
        return root.resolve("summary.md");
    }

    public Path summary() {
        return root.resolve("summary.json");
    }

    /** The run directory of one study setting. */
    public RunDirectory studySetting(int groups, int samplesPerClass) {
        return new RunDirectory(root.resolve(String.format(Locale.ROOT, "g%d-m%d", groups, samplesPerClass)));
    }

    public Path studyFile(String name) {
        return root.resolve(name);
    }

    public Path report() {
        return root.resolve("report.html");
    }

    public Path characterization() {
        return root.resolve("characterize");
    }

    /** The run's recipe, as written when its baseline was made. */
    public Recipe readRecipe() {
        if (!Files.isRegularFile(recipe())) {
            throw new RunDirectoryException(root + " is not a run directory: it has no " + recipe().getFileName());
        }
        return Recipes.load(recipe().toString());
    }

    /** The run's recipe and its baseline's verified best weights in a new network. */
    public PrunableNetwork loadBaseline(NDManager manager) {
        requireBaseline();
        return loadNetwork(readRecipe(), best(), manager);
    }

    /** A new network of the recipe's model with the verified weights of a DJL parameter file. */
    public static PrunableNetwork loadNetwork(Recipe recipe, Path weights, NDManager manager) {
        PrunableNetwork network = recipe.model().create();
        network.initialize(manager, recipe.seed());
        loadWeights(network, recipe.model().label(), weights, manager);
        return network;
    }

    /** Sets an initialised network's parameters to the verified weights of a DJL parameter file. */
    public static void loadWeights(PrunableNetwork network, String label, Path weights, NDManager manager) {
        WeightFiles.verify(weights);
        try (InputStream in = Files.newInputStream(weights)) {
            Networks.loadParameters(network, manager, new DataInputStream(in));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new WeightFileException(weights, "cannot be loaded into the " + label
                    + " network: it is truncated, damaged, or the weights of another network");
        }
    }

    /**
     * Marks a new directory with this layout's version, or checks an existing one: a directory
     * that holds a run of another layout is refused.
     */
    public void claim() {
        if (Files.exists(format())) {
            Format f = Json.read(format(), Format.class);
            if (!FORMAT.equals(f.format()) || f.version() != VERSION) {
                throw new RunDirectoryException(root + " holds a run of format " + f.format() + " version "
                        + f.version() + "; this mint4j reads version " + VERSION + ": start a new run with another --out");
            }
        } else if (Files.exists(recipe())) {
            throw new RunDirectoryException(root + " holds a run written by an older mint4j (run format 1, before "
                    + "run.json); this mint4j reads version " + VERSION + ": start a new run with another --out");
        } else {
            Json.write(format(), new Format(FORMAT, VERSION));
        }
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<String> name) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> name.test(p.getFileName().toString())).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
