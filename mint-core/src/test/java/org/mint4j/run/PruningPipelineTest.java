package org.mint4j.run;

import org.mint4j.util.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.SharedData;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;

class PruningPipelineTest {

    static Recipe tiny() throws IOException {
        try (InputStream in = PruningPipelineTest.class.getClassLoader().getResourceAsStream("tiny-pipeline.yaml")) {
            return Recipes.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "tiny-pipeline.yaml");
        }
    }

    static PruningPipeline pipeline(Recipe recipe, Path dir, StringWriter log) {
        return new PruningPipeline(PipelineContext.builder().setRecipe(recipe).setDirectory(RunDirectory.at(dir))
                .setData(SharedData.directory()).optThreads(2).optOutput(new PrintWriter(log, true)).build());
    }

    @Test
    void runsEndToEndAndResumesWithoutRedoingFinishedStages(@TempDir Path dir) throws IOException {
        StringWriter log = new StringWriter();
        SeedResults first = pipeline(tiny(), dir, log).run(List.of("test"));

        RunDirectory run = RunDirectory.at(dir);
        JsonNode json = Json.MAPPER.readTree(run.results().toFile());
        assertTrue(json.get("baseline_accuracy").asDouble() > 0.9, json.toString());
        assertEquals(3, json.get("points").size());
        for (JsonNode p : json.get("points")) {
            for (String key : List.of("criterion", "target", "zeroed_fraction_prunable", "zeroed_fraction_total",
                    "accuracy_before_retrain", "accuracy", "csr_bytes", "dense_bytes")) {
                assertTrue(p.has(key), key + " in " + p);
            }
            // 50% of the group pairs of both pairs: 10x5 blocks of 30x10 and 10x2 blocks of 30x5 weights.
            assertEquals(0.5, p.get("zeroed_fraction_prunable").asDouble(), 0.2);
            assertTrue(p.get("zeroed_fraction_total").asDouble() < p.get("zeroed_fraction_prunable").asDouble());
        }
        assertTrue(Files.readString(run.table()).contains("| mint | 50.00% |"));
        assertTrue(Files.exists(run.scores("mint")) && Files.exists(run.sample()));
        JsonNode scores = Json.MAPPER.readTree(run.scores("mint").toFile());
        assertEquals(org.mint4j.util.Checksums.sha256(run.best()), scores.get("made").get("baseline_sha256").asText());
        assertEquals("20", scores.get("made").get("samples_per_class").asText());
        assertEquals(2, scores.get("pairs").size());

        // Kill-and-rerun: drop one finished point; a rerun redoes only that point, with the same numbers.
        Path point;
        try (var dirs = Files.list(dir.resolve("retrain"))) {
            point = dirs.filter(d -> d.getFileName().toString().startsWith("random-t0.5000-")).findFirst().orElseThrow();
        }
        deleteTree(point);
        StringWriter log2 = new StringWriter();
        SeedResults second = pipeline(tiny(), dir, log2).run(List.of("test"));
        String again = log2.toString();
        assertTrue(again.contains("[train] baseline done"), again);
        assertTrue(again.contains("[score] mint done") && again.contains("[score] magnitude done"), again);
        assertTrue(again.contains("[retrain] mint at 50.00% done"), again);
        assertFalse(again.contains("[retrain] mint at 50.00%: accuracy before"), again);
        assertTrue(again.contains("[retrain] random at 50.00%: accuracy before"), again);
        assertEquals(withoutTime(first.points()), withoutTime(second.points()));

        // Scores made with other estimator settings are never reused.
        Recipe otherSample = tiny().withPruning(tiny().mint().withSamplesPerClass(30));
        RunDirectoryException stale = assertThrows(RunDirectoryException.class,
                () -> pipeline(otherSample, dir, new StringWriter()).score());
        assertTrue(stale.getMessage().contains("stage score in " + dir.resolve("scores") + " was made with "
                + "samples_per_class = 20, but this command asks for samples_per_class = 30"), stale.getMessage());
        assertTrue(stale.getMessage().contains("--redo score"), stale.getMessage());
    }

    @Test
    void scoresWithTaylorEndToEnd(@TempDir Path dir) throws IOException {
        Recipe tiny = tiny();
        Recipe recipe = tiny.withDataset(new Recipe.Dataset("mnist", "none", null, 100, 50, 20))
                .withPruning(tiny.mint().withSetting(tiny.mint().pairs(), tiny.mint().gamma(), List.of("taylor")));
        StringWriter log = new StringWriter();
        SeedResults results = pipeline(recipe, dir, log).run(List.of("test"));

        RunDirectory run = RunDirectory.at(dir);
        assertTrue(log.toString().contains("[score] loss gradients summed over the 200 sampled images"), log.toString());
        JsonNode scores = Json.MAPPER.readTree(run.scores("taylor").toFile());
        assertEquals("cross_entropy_sum", scores.get("made").get("loss").asText());
        assertTrue(scores.get("pairs").get(0).get("scores").get(0).get(0).asDouble() > 0, scores.toString());
        assertEquals(1, results.points().size());
        assertEquals(0.5, results.points().get(0).zeroedFractionPrunable(), 0.2);
        assertTrue(Files.readString(run.table()).contains("| taylor | 50.00% |"));
    }

    static List<PrunePoint> withoutTime(List<PrunePoint> points) {
        return points.stream().map(PrunePoint::withoutTime).toList();
    }

    static void deleteTree(Path p) throws IOException {
        try (var files = Files.walk(p)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
