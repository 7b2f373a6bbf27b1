package org.mint4j.run;

import org.mint4j.util.Json;
import org.mint4j.prune.LayerPair;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mint4j.data.DataDirectory;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSource;
import org.mint4j.gmi.ColumnGroups;
import org.mint4j.nn.PrunableLayer;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.Criteria;
import org.mint4j.prune.Criterion;
import org.mint4j.prune.Footprint;
import org.mint4j.prune.LayerActivations;
import org.mint4j.prune.MaskPlan;
import org.mint4j.prune.Masks;
import org.mint4j.prune.PairData;
import org.mint4j.prune.ScoredPair;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.RecipeException;
import org.mint4j.train.Checkpoint;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.Evaluation;
import org.mint4j.train.TrainingLoop;
import org.mint4j.util.Checksums;
import org.mint4j.util.Progress;

/**
 * MINT end to end for one seed, in one run directory, stage by stage: train the baseline, record
 * activations and score every layer pair with every criterion, plan masks for every target,
 * retrain each with the masks fixed, measure. Every stage writes its outputs atomically and is
 * skipped when they exist, so a killed run continues where it stopped (a retraining mid-way
 * continues from its last epoch).
 *
 * <pre>
 * DIR/recipe.yaml, provenance.json, best.params, ...   the baseline (a mint train run)
 * DIR/sample.json                                      the images whose activations were recorded
 * DIR/scores/CRITERION.json                            scores with provenance
 * DIR/retrain/CRITERION-tTARGET/                       a retraining run and its point.json
 * DIR/results.json, results.md                         the table
 * </pre>
 */
public final class PruningPipeline {

    public static final String RESULTS = "results.json";
    public static final String TABLE = "results.md";
    static final String SAMPLE = "sample.json";
    static final String POINT = "point.json";
    /** The masks a point was retrained with, by PyTorch weight name. */
    public static final String MASKS = "masks.safetensors";

    private final Recipe recipe;
    private final Recipe.Pruning mint;
    private final DataDirectory data;
    private final int threads;
    private final PrintWriter out;
    private ImageSource trainSet;
    private ImageSource testSet;

    public PruningPipeline(Recipe recipe, DataDirectory data, int threads, PrintWriter out) {
        if (recipe.mint() == null) {
            throw new RecipeException("recipe " + recipe.name() + " has no mint section: it can be trained, not pruned");
        }
        this.recipe = recipe;
        this.mint = recipe.mint();
        this.data = data;
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.out = out;
    }

    /**
     * Scores of one criterion, as saved. Version 2 adds {@code settings}, what the scores depend on
     * beyond the layer pairs and the baseline (see {@link #scoringSettings}); version 1 files were
     * all scored with the paper's estimator.
     */
    public record ScoreFile(String format, int version, String criterion, long seed, String recipe,
            String checkpointSha256, Map<String, String> dataChecksums, String sampleSha256, String settings,
            double seconds, List<ScoredPair> pairs) {
    }

    /** The images whose activations were recorded. */
    public record Sample(int samplesPerClass, long seed, int[] indices) {
    }

    /** Everything of one seed, as written to results.json. */
    public record SeedResults(String recipe, long seed, double baselineAccuracy, Footprint baseline,
            List<PrunePoint> points, Map<String, PrunePoint> bestMeetingFloor, double accuracyFloor,
            Map<String, Double> stageSeconds) {
    }

    /** All stages. */
    public SeedResults run(Path dir, List<String> command) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        train(dir, command);
        seconds.put("train", (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        Map<String, List<ScoredPair>> scores = score(dir);
        seconds.put("score", (System.nanoTime() - t0) / 1e9);
        return retrain(dir, scores, seconds);
    }

    /** Stage 1: the baseline (skipped when it has finished; continued when it was interrupted). */
    public void train(Path dir, List<String> command) {
        if (Files.exists(dir.resolve(TrainingJob.RESULT))) {
            out.printf("[train] baseline done: %s%n", dir.resolve(TrainingLoop.BEST));
            return;
        }
        out.printf("[train] baseline, %d epochs%n", recipe.train().epochs());
        TrainingJob.run(recipe, data, dir, threads, true, command, out);
    }

    /** Stage 2: activations and scores for every criterion. */
    public Map<String, List<ScoredPair>> score(Path dir) {
        EngineSetup.configure(threads);
        requireTrained(dir);
        Map<String, List<ScoredPair>> byCriterion = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = null;
            LayerActivations activations = null;
            for (String name : mint.criteria()) {
                Path file = dir.resolve("scores").resolve(name + ".json");
                if (Files.exists(file)) {
                    ScoreFile saved = Json.read(file, ScoreFile.class);
                    List<LayerPair> savedPairs = saved.pairs().stream().map(ScoredPair::pair).toList();
                    if (!savedPairs.equals(mint.pairs())) {
                        throw new RecipeException(file + " was scored for the layer pairs " + savedPairs
                                + ", but the recipe asks for " + mint.pairs() + "; delete it to score again");
                    }
                    String savedSettings = saved.version() >= 2 ? saved.settings() : paperSettings(dir, name);
                    String wanted = scoringSettings(name);
                    if (!savedSettings.equals(wanted)) {
                        throw new RecipeException(file + " was scored with " + savedSettings + ", but the recipe asks for "
                                + wanted + "; score into another run directory (or delete it)");
                    }
                    byCriterion.put(name, saved.pairs());
                    out.printf("[score] %s done: %s%n", name, file);
                    continue;
                }
                if (network == null) {
                    network = TrainingJob.loadBest(dir, manager);
                    activations = sample(dir, network, manager);
                }
                long start = System.nanoTime();
                Criterion criterion = Criteria.of(name, recipe.seed(), threads, mint.standardize(), mint.zComponents());
                List<ScoredPair> pairs = new ArrayList<>();
                for (int p = 0; p < mint.pairs().size(); p++) {
                    pairs.add(scorePair(dir, name, p, criterion, network, activations));
                }
                double secs = (System.nanoTime() - start) / 1e9;
                Json.write(file, new ScoreFile("mint4j-scores", 2, name, recipe.seed(), recipe.name(),
                        Checksums.sha256(dir.resolve(TrainingLoop.BEST)),
                        Datasets.fileChecksums(recipe.dataset().name(), data),
                        Checksums.sha256(dir.resolve(SAMPLE)), scoringSettings(name), secs, pairs));
                for (int p = 0; p < mint.pairs().size(); p++) {
                    deleteQuietly(partial(dir, name, p));
                }
                out.printf("[score] %s: %.1f s, saved %s%n", name, secs, file);
                byCriterion.put(name, pairs);
            }
        }
        return byCriterion;
    }

    private ScoredPair scorePair(Path dir, String name, int p, Criterion criterion, PrunableNetwork network,
            LayerActivations activations) {
        Path partial = partial(dir, name, p);
        if (Files.exists(partial)) {
            return Json.read(partial, ScoredPair.class);
        }
        LayerPair pair = mint.pairs().get(p);
        Parameter weight = network.namedParameters().get(weightOf(network, pair.child()));
        long[] shape = weight.getShape().getShape();
        int parentWidth = layer(network, pair.parent()).outputs();
        if (shape[1] != parentWidth) {
            throw new RecipeException("recipe " + recipe.name() + ": mint.pairs[" + p + "] " + pair.parent() + " -> "
                    + pair.child() + ": " + pair.child() + "'s weight takes " + shape[1] + " inputs, but "
                    + pair.parent() + " has " + parentWidth + " outputs; the layers are not connected directly");
        }
        ColumnGroups parentGroups = groups(pair.parent(), parentWidth, pair.parentGroups(), p, "parent_groups");
        ColumnGroups childGroups = groups(pair.child(), (int) shape[0], pair.childGroups(), p, "child_groups");
        PairData pd = new PairData(pair, activations.layer(pair.parent()), activations.layer(pair.child()),
                parentGroups, childGroups, weight.getArray().toFloatArray(), shape);
        int total = childGroups.count() * parentGroups.count();
        double[][] scores;
        try (Progress progress = Progress.start(String.format("%s %s->%s", name, pair.parent(), pair.child()),
                total)) {
            scores = criterion.score(pd, (done, all) -> progress.stepTo(done));
        }
        ScoredPair scored = new ScoredPair(pair, shape, scores);
        Json.write(partial, scored);
        out.printf("[score] %s %s -> %s: %d group pairs%n", name, pair.parent(), pair.child(), total);
        return scored;
    }

    /**
     * What a criterion's scores depend on beyond the layer pairs, the baseline and the seed: MINT's
     * sample size and estimator options; nothing for the weight-only and random criteria.
     */
    private String scoringSettings(String criterion) {
        return settings(criterion, mint.samplesPerClass(), mint.standardize(), mint.zComponents());
    }

    /** The settings of a version-1 score file: the paper's estimator on the run's recorded sample. */
    private static String paperSettings(Path dir, String criterion) {
        return settings(criterion, Json.read(dir.resolve(SAMPLE), Sample.class).samplesPerClass(), false, 0);
    }

    private static String settings(String criterion, int samplesPerClass, boolean standardize, int zComponents) {
        return criterion.equals("mint") ? String.format(Locale.ROOT, "samples_per_class=%d standardize=%b "
                + "z_components=%d", samplesPerClass, standardize, zComponents) : "";
    }

    private LayerActivations sample(Path dir, PrunableNetwork network, NDManager manager) {
        Path file = dir.resolve(SAMPLE);
        if (Files.exists(file)) {
            int recorded = Json.read(file, Sample.class).samplesPerClass();
            if (recorded != mint.samplesPerClass()) {
                throw new RecipeException(dir + " recorded its sample with samples_per_class " + recorded
                        + ", but the recipe asks for " + mint.samplesPerClass() + "; score into another run directory");
            }
        }
        long sampleSeed = recipe.seed() * 0x5DEECE66DL + 11;
        LayerActivations a = LayerActivations.record(network, trainSet(), mint.samplesPerClass(), sampleSeed, manager);
        if (!Files.exists(file)) {
            Json.write(file, new Sample(mint.samplesPerClass(), sampleSeed, a.imageIndices()));
        }
        out.printf("[score] activations of %d images (%d per class) recorded%n", a.imageIndices().length,
                mint.samplesPerClass());
        return a;
    }

    /** Stage 3: plan, retrain and measure every (criterion, target); then write the table. */
    public SeedResults retrain(Path dir, Map<String, List<ScoredPair>> scores, Map<String, Double> stageSeconds) {
        long start = System.nanoTime();
        EngineSetup.configure(threads);
        requireTrained(dir);
        List<PrunePoint> points = new ArrayList<>();
        double baselineAccuracy;
        Footprint baseline;
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = TrainingJob.loadBest(dir, manager);
            baselineAccuracy = Evaluation.accuracy(network, testSet(), manager);
            baseline = Footprint.of(network);
        }
        for (Map.Entry<String, List<ScoredPair>> e : scores.entrySet()) {
            for (double target : mint.targets()) {
                points.add(retrainPoint(dir, e.getKey(), e.getValue(), target));
            }
        }
        Map<String, PrunePoint> best = new LinkedHashMap<>();
        for (PrunePoint p : points) {
            if (p.accuracy() >= mint.accuracyFloor()) {
                PrunePoint current = best.get(p.criterion());
                if (current == null || p.zeroedFractionPrunable() > current.zeroedFractionPrunable()) {
                    best.put(p.criterion(), p);
                }
            }
        }
        stageSeconds.put("retrain", (System.nanoTime() - start) / 1e9);
        SeedResults results = new SeedResults(recipe.name(), recipe.seed(), baselineAccuracy, baseline, points, best,
                mint.accuracyFloor(), stageSeconds);
        Json.write(dir.resolve(RESULTS), results);
        ResultTables.writeSeed(dir.resolve(TABLE), results);
        for (double target : mint.targets()) {
            ResultTables.drawCompression(dir.resolve(String.format(Locale.ROOT, "compression-t%.4f.png", target)),
                    points, target);
        }
        return results;
    }

    private PrunePoint retrainPoint(Path dir, String criterion, List<ScoredPair> pairs, double target) {
        Path pointDir = pointDirectory(dir, criterion, target);
        Path pointFile = pointDir.resolve(POINT);
        if (Files.exists(pointFile)) {
            PrunePoint done = Json.read(pointFile, PrunePoint.class);
            out.printf("[retrain] %s at %.2f%% done: %.2f%% of prunable weights zeroed, accuracy %.2f%%%n", criterion,
                    100 * target, 100 * done.zeroedFractionPrunable(), 100 * done.accuracy());
            return done;
        }
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = TrainingJob.loadBest(dir, manager);
            Masks masks = masks(network, pairs, target);
            masks.write(pointDir.resolve(MASKS));
            Masks.Bound bound = masks.bind(network, manager);
            bound.applyToWeights();
            double before = Evaluation.accuracy(network, testSet(), manager);
            out.printf("[retrain] %s at %.2f%%: accuracy before retraining %.2f%%%n", criterion, 100 * target,
                    100 * before);
            Checkpoint.State state = TrainingLoop.builder().setNetwork(network, manager)
                    .setData(trainSet(), testSet()).setSchedule(mint.retrain(), recipe.seed()).setDirectory(pointDir)
                    .optAugmentation(TrainingJob.augmentation(recipe.dataset().augmentation()))
                    .optConstraint(bound).optResume(true).optOutput(out).build().run();
            PrunableNetwork best = TrainingJob.loadWeights(recipe, pointDir.resolve(TrainingLoop.BEST), manager);
            Footprint footprint = Footprint.of(best);
            long maskedWeights = 0;
            long maskedZeros = 0;
            Map<String, Double> byLayer = new LinkedHashMap<>();
            for (Map.Entry<String, float[]> m : masks.byWeight().entrySet()) {
                long zeros = masks.zeros(m.getKey());
                maskedWeights += m.getValue().length;
                maskedZeros += zeros;
                byLayer.put(m.getKey(), (double) zeros / m.getValue().length);
            }
            double last = state.history().get(state.history().size() - 1).testAccuracy();
            PrunePoint point = new PrunePoint(recipe.seed(), criterion, target, (double) maskedZeros / maskedWeights,
                    (double) footprint.zeros() / footprint.parameters(), byLayer, before, state.bestAccuracy(), last,
                    footprint.csrBytes(), footprint.denseBytes(), (System.nanoTime() - start) / 1e9);
            Json.write(pointFile, point);
            out.printf("[retrain] %s at %.2f%%: %.2f%% of prunable weights zeroed, accuracy %.2f%% (before %.2f%%)%n",
                    criterion, 100 * target, 100 * point.zeroedFractionPrunable(), 100 * point.accuracy(),
                    100 * before);
            return point;
        }
    }

    /**
     * The directory of a retrained point. Its name carries everything the point depends on beyond
     * its scores, so that a changed cap, skip list or schedule never reuses a stale point.
     */
    public Path pointDirectory(Path dir, String criterion, double target) {
        String settings = Checksums.sha256((mint.gamma() + "|" + mint.skip() + "|" + mint.retrain())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 8);
        return dir.resolve("retrain").resolve(String.format(Locale.ROOT, "%s-t%.4f-%s", criterion, target, settings));
    }

    /** The masks a criterion's saved scores give at a target, under the recipe's cap and skip list. */
    public Masks masks(Path dir, PrunableNetwork network, String criterion, double target) {
        Path file = dir.resolve("scores").resolve(criterion + ".json");
        if (!Files.exists(file)) {
            throw new RecipeException(dir + " has no scores for " + criterion + " (" + file + "); run mint prune");
        }
        return masks(network, Json.read(file, ScoreFile.class).pairs(), target);
    }

    private Masks masks(PrunableNetwork network, List<ScoredPair> pairs, double target) {
        Map<String, String> weightOfLayer = new LinkedHashMap<>();
        for (PrunableLayer l : network.prunableLayers()) {
            weightOfLayer.put(l.name(), l.weight());
        }
        return MaskPlan.plan(pairs, target, mint.gamma(), mint.skip()).masks(weightOfLayer);
    }

    private void requireTrained(Path dir) {
        if (!Files.exists(dir.resolve(TrainingLoop.BEST))) {
            throw new RecipeException(dir + " has no trained baseline (" + TrainingLoop.BEST + "); run mint train or "
                    + "mint run first");
        }
    }

    private ColumnGroups groups(String layer, int width, int count, int pairIndex, String key) {
        try {
            return ColumnGroups.sequential(width, count);
        } catch (IllegalArgumentException e) {
            throw new RecipeException("recipe " + recipe.name() + ": mint.pairs[" + pairIndex + "]." + key + " = "
                    + count + " for layer " + layer + " of width " + width + ": " + e.getMessage());
        }
    }

    private static PrunableLayer layer(PrunableNetwork network, String name) {
        return network.prunableLayers().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new RecipeException("no prunable layer '" + name + "' in the "
                        + network.architecture() + " network; it has " + network.prunableLayers().stream()
                                .map(PrunableLayer::name).toList()));
    }

    private static String weightOf(PrunableNetwork network, String layerName) {
        return layer(network, layerName).weight();
    }

    /** A finished layer pair of an unfinished scoring, named by its settings so a changed recipe never reuses it. */
    private Path partial(Path dir, String criterion, int pair) {
        String settings = Checksums.sha256(scoringSettings(criterion).getBytes(StandardCharsets.UTF_8)).substring(0, 8);
        return dir.resolve("scores").resolve(criterion + ".pair" + pair + "-" + settings + ".partial.json");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ImageSource trainSet() {
        if (trainSet == null) {
            trainSet = TrainingJob.load(recipe, data, true);
        }
        return trainSet;
    }

    private ImageSource testSet() {
        if (testSet == null) {
            testSet = TrainingJob.load(recipe, data, false);
        }
        return testSet;
    }
}
