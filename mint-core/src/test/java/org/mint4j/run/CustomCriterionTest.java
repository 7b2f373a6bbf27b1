package org.mint4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.prune.Criteria;
import org.mint4j.prune.Criterion;
import org.mint4j.prune.MagnitudeCriterion;
import org.mint4j.prune.Masks;
import org.mint4j.prune.PairData;
import org.mint4j.prune.ScoredPair;
import org.mint4j.recipe.Recipe;
import org.mint4j.util.Json;

/** A criterion defined here, registered here, and run through the whole pipeline without main code knowing it. */
class CustomCriterionTest {

    /** Prunes the largest blocks first: the opposite of magnitude pruning, with its own setting. */
    record LargestFirst(double scale) implements Criterion {

        @Override
        public String name() {
            return "largest-first";
        }

        @Override
        public Map<String, String> settings() {
            return Map.of("scale", Double.toString(scale));
        }

        @Override
        public double[][] score(PairData data, int threads, Progress progress) {
            double[][] s = new MagnitudeCriterion().score(data, threads, progress);
            for (double[] row : s) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = -scale * row[j];
                }
            }
            return s;
        }
    }

    @Test
    void aCriterionRegisteredInTestCodeRunsEndToEnd(@TempDir Path dir) throws Exception {
        Criteria.register("largest-first", context -> new LargestFirst(2.0));
        Recipe tiny = PruningPipelineTest.tiny();
        Recipe recipe = tiny.withPruning(tiny.mint().withSetting(tiny.mint().pairs(), tiny.mint().gamma(),
                List.of("largest-first", MagnitudeCriterion.NAME)));
        org.mint4j.recipe.Recipes.validate(recipe, "test");

        SeedResults results = PruningPipelineTest.pipeline(recipe, dir, new StringWriter()).run(List.of("test"));

        RunDirectory run = RunDirectory.at(dir);
        ScoreStore.ScoreFile saved = Json.read(run.scores("largest-first"), ScoreStore.ScoreFile.class);
        assertEquals("2.0", saved.made().get("scale"));
        ScoreStore.ScoreFile magnitude = Json.read(run.scores(MagnitudeCriterion.NAME), ScoreStore.ScoreFile.class);
        for (int p = 0; p < saved.pairs().size(); p++) {
            ScoredPair ours = saved.pairs().get(p);
            ScoredPair theirs = magnitude.pairs().get(p);
            for (int i = 0; i < ours.scores().length; i++) {
                for (int j = 0; j < ours.scores()[i].length; j++) {
                    assertEquals(-2 * theirs.scores()[i][j], ours.scores()[i][j], 1e-12);
                }
            }
        }
        PrunePoint point = results.points().stream().filter(q -> q.criterion().equals("largest-first")).findFirst()
                .orElseThrow();
        Path pointDir = run.point(PointName.of(recipe.mint(), "largest-first", 0.5));
        assertTrue(Files.exists(RunDirectory.pointFile(pointDir)), pointDir.toString());
        // Largest blocks cut first: the mean |w| of the pruned fc2 weights exceeds that of the kept ones.
        Masks masks = Masks.read(RunDirectory.pointMasks(pointDir));
        float[] mask = masks.byWeight().get("fc2.weight");
        float[] weights;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            weights = run.loadBaseline(m).namedParameters().get("fc2.weight").getArray().toFloatArray();
        }
        double cut = 0;
        double kept = 0;
        int nCut = 0;
        for (int k = 0; k < mask.length; k++) {
            if (mask[k] == 0) {
                cut += Math.abs(weights[k]);
                nCut++;
            } else {
                kept += Math.abs(weights[k]);
            }
        }
        assertTrue(nCut > 0 && nCut < mask.length, "some but not all fc2 weights cut: " + nCut);
        assertTrue(cut / nCut > kept / (mask.length - nCut), "largest cut first");
        assertTrue(point.zeroedFractionPrunable() > 0.3, "about half of the group pairs: " + point);
    }
}
