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
import org.mint4j.recipe.RecipeException;
import org.mint4j.recipe.Recipes;

class PruningPipelineTest {

    static Recipe tiny() throws IOException {
        try (InputStream in = PruningPipelineTest.class.getClassLoader().getResourceAsStream("tiny-pipeline.yaml")) {
            return Recipes.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "tiny-pipeline.yaml");
        }
    }

    @Test
    void runsEndToEndAndResumesWithoutRedoingFinishedStages(@TempDir Path dir) throws IOException {
        StringWriter log = new StringWriter();
        PruningPipeline pipeline = new PruningPipeline(tiny(), SharedData.directory(), 2, new PrintWriter(log, true));
        SeedResults first = pipeline.run(dir, List.of("test"));

        JsonNode json = Json.MAPPER.readTree(dir.resolve(PruningPipeline.RESULTS).toFile());
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
        assertTrue(Files.readString(dir.resolve(PruningPipeline.TABLE)).contains("| mint | 50.00% |"));
        assertTrue(Files.exists(dir.resolve("scores/mint.json")) && Files.exists(dir.resolve("sample.json")));
        JsonNode scores = Json.MAPPER.readTree(dir.resolve("scores/mint.json").toFile());
        assertEquals(64, scores.get("checkpoint_sha256").asText().length());
        assertEquals(2, scores.get("pairs").size());

        // Kill-and-rerun: drop one finished point; a rerun redoes only that point, with the same numbers.
        Path point;
        try (var dirs = Files.list(dir.resolve("retrain"))) {
            point = dirs.filter(d -> d.getFileName().toString().startsWith("random-t0.5000-")).findFirst().orElseThrow();
        }
        deleteTree(point);
        StringWriter log2 = new StringWriter();
        SeedResults second = new PruningPipeline(tiny(), SharedData.directory(), 2,
                new PrintWriter(log2, true)).run(dir, List.of("test"));
        String again = log2.toString();
        assertTrue(again.contains("[train] baseline done"), again);
        assertTrue(again.contains("[score] mint done") && again.contains("[score] magnitude done"), again);
        assertTrue(again.contains("[retrain] mint at 50.00% done"), again);
        assertFalse(again.contains("[retrain] mint at 50.00%: accuracy before"), again);
        assertTrue(again.contains("[retrain] random at 50.00%: accuracy before"), again);
        assertEquals(withoutTime(first.points()), withoutTime(second.points()));

        // Scores made with other estimator settings are never reused.
        Recipe otherSample = tiny().withPruning(tiny().mint().withSamplesPerClass(30));
        RecipeException stale = assertThrows(RecipeException.class, () -> new PruningPipeline(otherSample,
                SharedData.directory(), 2, new PrintWriter(new StringWriter(), true)).score(dir));
        assertTrue(stale.getMessage().contains("scored with samples_per_class=20 standardize=false z_components=0, "
                + "but the recipe asks for samples_per_class=30"), stale.getMessage());
    }

    static List<PrunePoint> withoutTime(List<PrunePoint> points) {
        return points.stream().map(p -> new PrunePoint(p.seed(), p.criterion(), p.target(), p.zeroedFractionPrunable(),
                p.zeroedFractionTotal(), p.zeroedByLayer(), p.accuracyBeforeRetrain(), p.accuracy(), p.accuracyFinal(),
                p.csrBytes(), p.denseBytes(), 0)).toList();
    }

    static void deleteTree(Path p) throws IOException {
        try (var files = Files.walk(p)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
