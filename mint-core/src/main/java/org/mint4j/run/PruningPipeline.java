package org.mint4j.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mint4j.prune.ScoredPair;
import org.mint4j.recipe.Recipe;
import org.mint4j.train.EngineSetup;

/**
 * MINT end to end for one seed, composed of its stages: the baseline ({@link TrainingJob}), the
 * activation sample and scores ({@link ScoreStage}), masks and retraining ({@link RetrainStage}),
 * the table ({@link ResultsStage}). Every stage writes atomically and is reused only when it was
 * made from the same settings, so rerunning a killed command continues it.
 */
public final class PruningPipeline {

    /** The stages in order, as {@code --redo} names them. */
    public static final List<String> STAGES = List.of(TrainingJob.STAGE, SampleStage.STAGE, ScoreStore.STAGE,
            RetrainStage.STAGE);

    private final PipelineContext ctx;

    /** Checks the recipe against its network first; the stages run (and write) the effective recipe. */
    public PruningPipeline(PipelineContext ctx) {
        EngineSetup.configure(ctx.threads());
        this.ctx = ctx.withRecipe(RecipeCheck.against(ctx.recipe(), ctx.recipe().name()));
    }

    /** The recipe as run: {@code pairs: auto} replaced by the derived pairs. */
    public Recipe recipe() {
        return ctx.recipe();
    }

    /** All stages. */
    public SeedResults run(List<String> command) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        TrainingJob.run(ctx.recipe(), ctx.data(), ctx.dir(), ctx.threads(), ctx.allowOtherThreads(), command,
                ctx.out());
        seconds.put("train", (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        Map<String, List<ScoredPair>> scores = score();
        seconds.put("score", (System.nanoTime() - t0) / 1e9);
        return retrain(scores, seconds);
    }

    /** The activation sample and the scores of every criterion. */
    public Map<String, List<ScoredPair>> score() {
        ctx.dir().requireBaseline();
        return ScoreStage.run(ctx);
    }

    /** Masks, retraining and measures of every (criterion, target); then the table. */
    public SeedResults retrain(Map<String, List<ScoredPair>> scores, Map<String, Double> stageSeconds) {
        ctx.dir().requireBaseline();
        long start = System.nanoTime();
        List<PrunePoint> points = RetrainStage.run(ctx, scores);
        stageSeconds.put("retrain", (System.nanoTime() - start) / 1e9);
        return ResultsStage.run(ctx, points, stageSeconds);
    }

    /**
     * Deletes the outputs of {@code stage} and of every stage after it, so the next run makes them
     * again.
     */
    public static void redo(RunDirectory dir, String stage) {
        int from = STAGES.indexOf(stage);
        if (from < 0) {
            throw new IllegalArgumentException("--redo " + stage + ": expected one of " + STAGES);
        }
        List<Path> outputs = new java.util.ArrayList<>(List.of(dir.results(), dir.table(), dir.retrainDirectory()));
        if (from <= STAGES.indexOf(ScoreStore.STAGE)) {
            outputs.add(dir.scoresDirectory());
        }
        if (from <= STAGES.indexOf(SampleStage.STAGE)) {
            outputs.add(dir.sample());
        }
        if (from == 0) {
            outputs.addAll(List.of(dir.baseline(), dir.trainResult(), dir.best(),
                    org.mint4j.nn.WeightFiles.digestFile(dir.best()), dir.checkpoint(), dir.trainLog()));
        }
        for (Path p : outputs) {
            deleteTree(p);
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
