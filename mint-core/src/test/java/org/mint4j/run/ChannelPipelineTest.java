package org.mint4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.deploy.Compaction;
import org.mint4j.deploy.ModelBench;
import org.mint4j.nn.CompactableNetwork;
import org.mint4j.prune.Footprint;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.RecipeException;
import org.mint4j.recipe.Recipes;

/** {@code structure: channels} through the whole pipeline, on the MLP at toy size. */
class ChannelPipelineTest {

    /** The tiny pipeline recipe with these mint settings in place of its criteria line. */
    static Recipe channels(String settings) throws IOException {
        try (InputStream in = ChannelPipelineTest.class.getClassLoader().getResourceAsStream("tiny-pipeline.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("dataset: {name: mnist, augmentation: none}",
                            "dataset: {name: mnist, augmentation: none, train_per_class: 100, test_per_class: 50, "
                                    + "validation_per_class: 20}")
                    .replace("  criteria: [mint, random, magnitude]\n", settings);
            return Recipes.parse(yaml, "tiny-channels.yaml");
        }
    }

    @Test
    void prunesWholeChannelsToHalfTheMacsAndTheCompactedNetworkHasThem(@TempDir Path dir) throws IOException {
        Recipe recipe = channels("  criteria: [mint, l1, random]\n  structure: channels\n  budget: macs\n");
        StringWriter log = new StringWriter();
        SeedResults results = PruningPipelineTest.pipeline(recipe, dir, log).run(List.of("test"));

        RunDirectory run = RunDirectory.at(dir);
        assertTrue(Files.exists(run.scores("mint")), "mint's channels rank by its pair scores");
        assertFalse(Files.exists(run.scores("l1")), "l1 needs no scoring stage");
        assertEquals(List.of("mint", "l1", "random"), results.points().stream().map(PrunePoint::criterion).toList());
        try (NDManager m = NDManager.newBaseManager()) {
            for (PrunePoint p : results.points()) {
                PrunePoint.Channels c = p.channels();
                assertEquals("macs", c.budget());
                assertEquals(1, c.steps(), "one global order unless the recipe sets steps");
                assertTrue(c.achieved().macs() <= c.original().macs() / 2, p.criterion() + ": " + c);
                // The last channel removed (a hidden unit of fc1 costs 784 + 300 MACs) crossed the budget.
                assertTrue(c.achieved().macs() > c.original().macs() / 2 - 1084, p.criterion() + ": " + c);
                Path point = run.point(PointName.of(recipe.mint(), p.criterion(), p.target()));
                CompactableNetwork compact = Compaction.compact((CompactableNetwork) RunDirectory.loadNetwork(recipe,
                        RunDirectory.pointWeights(point), m), m);
                assertEquals(c.achieved().macs(), ModelBench.macs(compact, false), p.criterion());
                assertEquals(c.achieved().parameters(), Footprint.of(compact).parameters(), p.criterion());
            }
        }
        String table = Files.readString(run.table());
        assertTrue(table.contains("Channels removed (targets are fractions of macs removed)"), table);
        assertTrue(log.toString().contains("channels removed"), log.toString());
        Path html = Report.write(dir);
        assertTrue(Files.size(run.tradeoffPlot()) > 0 && Files.readString(html).contains("Channels removed"));
    }

    @Test
    void progressiveStepsNameTheirPointsAndOneStepKeepsTheNamesPointsHadBefore() throws IOException {
        String l1 = "  criteria: [l1]\n  structure: channels\n";
        PointName before = PointName.of(channels(l1).mint(), "l1", 0.5);
        assertEquals(before, PointName.of(channels(l1 + "  steps: 1\n").mint(), "l1", 0.5));
        assertNotEquals(before, PointName.of(channels(l1 + "  steps: 400\n").mint(), "l1", 0.5));
        String latency = "  criteria: [l1]\n  structure: channels\n  budget: latency\n";
        assertEquals(1, channels(latency).mint().latencyBatch(), "batch 1 unless the recipe says");
        assertNotEquals(PointName.of(channels(latency).mint(), "l1", 0.5),
                PointName.of(channels(latency + "  latency_batch: 64\n").mint(), "l1", 0.5));
    }

    @Test
    void aCriterionThatCannotRankOrATargetOutOfReachStopsBeforeTraining() throws IOException {
        Recipe slimming = channels("  criteria: [slimming]\n  structure: channels\n");
        RecipeException noNorm = assertThrows(RecipeException.class, () -> RecipeCheck.against(slimming, "r.yaml"));
        assertTrue(noNorm.getMessage().contains("mint.criteria = slimming cannot rank the channels of mlp")
                && noNorm.getMessage().contains("no BatchNorm"), noNorm.getMessage());

        Recipe far = channels("  criteria: [l1]\n  structure: channels\n  budget: params\n"
                + "  gamma: {type: constant, value: 0.5}\n");
        RecipeException unreachable = assertThrows(RecipeException.class, () -> RecipeCheck.against(
                far.withPruning(far.mint().withTargets(List.of(0.9))), "r.yaml"));
        assertTrue(unreachable.getMessage().contains("mint.targets = 0.9 is not allowed: a params target of 0.9000 "
                + "cannot be met"), unreachable.getMessage());

        // A channel plan's skip list names families (fc1, fc2 of the MLP); fc3 writes the classes.
        RecipeException skip = assertThrows(RecipeException.class, () -> RecipeCheck.against(
                channels("  criteria: [l1]\n  structure: channels\n  skip: [fc3]\n"), "r.yaml"));
        assertTrue(skip.getMessage().contains("mint.skip = fc3 is not allowed; expected channel families of mlp: "
                + "[fc1, fc2]"), skip.getMessage());
        RecipeException twice = assertThrows(RecipeException.class,
                () -> channels("  criteria: [l1, l1]\n  structure: channels\n"));
        assertTrue(twice.getMessage().contains("expected each criterion once"), twice.getMessage());

        RecipeException noStep = assertThrows(RecipeException.class,
                () -> channels("  criteria: [l1]\n  structure: channels\n  steps: 0\n"));
        assertTrue(noStep.getMessage().contains("mint.steps = 0 is not allowed; expected an integer of at least 1"),
                noStep.getMessage());
        RecipeException stepsOfConnections = assertThrows(RecipeException.class,
                () -> channels("  criteria: [magnitude]\n  steps: 400\n"));
        assertTrue(stepsOfConnections.getMessage().contains("no steps with structure connections"),
                stepsOfConnections.getMessage());

        RecipeException batchWithoutLatency = assertThrows(RecipeException.class,
                () -> channels("  criteria: [l1]\n  structure: channels\n  latency_batch: 64\n"));
        assertTrue(batchWithoutLatency.getMessage().contains("mint.latency_batch = 64 is not allowed; expected no "
                + "latency_batch without budget latency"), batchWithoutLatency.getMessage());
        // mint-core alone has no deployment runtime on its class path.
        RecipeException noRuntime = assertThrows(RecipeException.class, () -> RecipeCheck.against(
                channels("  criteria: [l1]\n  structure: channels\n  budget: latency\n"), "r.yaml"));
        assertTrue(noRuntime.getMessage().contains("mint.budget = latency is not allowed: budget latency times the "
                + "compacted network in its deployment runtime (ONNX Runtime, with mint-onnx on the class path), and "
                + "no runtime here runs mlp"), noRuntime.getMessage());

        RecipeException connections = assertThrows(RecipeException.class,
                () -> channels("  criteria: [l1]\n"));
        assertTrue(connections.getMessage().contains("mint.criteria = l1 is not allowed; expected one of "
                + "[mint, random, magnitude, taylor] with structure connections"), connections.getMessage());
    }
}
