package org.mint4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.SharedData;
import org.mint4j.exec.Executor;
import org.mint4j.exec.Executors;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.run.PipelineContext;
import org.mint4j.run.PruningPipeline;
import org.mint4j.run.RunDirectory;
import org.mint4j.run.SeedResults;
import org.mint4j.util.Json;

/** The whole pipeline with its units on Spark (local[2]) writes the results of a local run. */
class SparkPipelineTest {

    @Test
    @Timeout(600)
    void aRunOnSparkEqualsALocalRun(@TempDir Path tmp) throws IOException {
        Recipe recipe;
        try (InputStream in = SparkPipelineTest.class.getClassLoader().getResourceAsStream("tiny-pipeline.yaml")) {
            recipe = Recipes.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "tiny-pipeline.yaml");
        }
        Path local = tmp.resolve("local");
        run(recipe, local, null);
        Path spark = tmp.resolve("spark");
        String log = run(recipe, spark, "local[2]");
        assertTrue(log.contains("units)"), "MINT's pairs were split into units: " + log);

        assertEquals(withoutTimes(RunDirectory.at(local).results()), withoutTimes(RunDirectory.at(spark).results()));
        for (String criterion : recipe.mint().criteria()) {
            JsonNode a = Json.MAPPER.readTree(RunDirectory.at(local).scores(criterion).toFile()).get("pairs");
            JsonNode b = Json.MAPPER.readTree(RunDirectory.at(spark).scores(criterion).toFile()).get("pairs");
            assertEquals(a, b, criterion + " scores");
        }
    }

    private static String run(Recipe recipe, Path dir, String master) {
        StringWriter log = new StringWriter();
        try (Executor executor = Executors.open(master, 2)) {
            new PruningPipeline(PipelineContext.builder().setRecipe(recipe).setDirectory(RunDirectory.at(dir))
                    .setData(SharedData.directory()).optExecutor(executor).optThreads(2)
                    .optOutput(new PrintWriter(log, true)).build()).run(List.of("test"));
        }
        return log.toString();
    }

    private static SeedResults withoutTimes(Path results) {
        return Json.read(results, SeedResults.class).withoutTimes();
    }
}
