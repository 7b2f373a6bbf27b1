package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.run.SeedResults;
import org.mint4j.util.Json;

/**
 * kill -9 of a real {@code mint run} process inside each stage (training, scoring, retraining),
 * each time followed by the same command, ends with the results of an uninterrupted run.
 */
class KillAndResumeTest {

    /** Two epochs each, so that every stage lasts long enough to be killed inside. */
    private static final String RECIPE = """
            name: kill-and-resume
            description: "the tiny MLP pipeline with two epochs per training"
            seed: 5
            model: {architecture: mlp}
            dataset: {name: mnist, augmentation: none, train_per_class: 300, test_per_class: 100}
            train: {epochs: 2, batch_size: 64, learning_rate: 0.1, momentum: 0.9, nesterov: true, weight_decay: 1.0e-4, milestones: [], gamma: 0.1}
            mint:
              samples_per_class: 40
              pairs:
                - {parent: fc1, child: fc2, parent_groups: 40, child_groups: 20}
                - {parent: fc2, child: fc3, parent_groups: 20, child_groups: 5}
              targets: [0.5, 0.8]
              criteria: [mint, random]
              retrain: {epochs: 2, batch_size: 64, learning_rate: 0.01, momentum: 0.9, nesterov: true, weight_decay: 1.0e-4, milestones: [], gamma: 0.1}
              accuracy_floor: 0.5
            """;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void killedInEveryStageAndResumedEqualsUninterrupted(@TempDir Path tmp) throws Exception {
        Path recipe = tmp.resolve("kill.yaml");
        Files.writeString(recipe, RECIPE);
        Path whole = tmp.resolve("whole");
        assertEquals(0, mint(recipe, whole).waitFor(), "uninterrupted run");

        Path killed = tmp.resolve("killed");
        Path seed = killed.resolve("seed-5");
        List<String> stages = new ArrayList<>();
        stages.add(killWhen(recipe, killed, () -> exists(seed.resolve("checkpoint.ckpt"))
                && !exists(seed.resolve("train-result.json")), "train"));
        stages.add(killWhen(recipe, killed, () -> exists(seed.resolve("sample.json"))
                && !exists(seed.resolve("scores/random.json")), "score"));
        stages.add(killWhen(recipe, killed, () -> any(seed.resolve("retrain"), p -> p.endsWith("checkpoint.ckpt"))
                && !exists(seed.resolve("results.json")), "retrain"));
        assertEquals(0, mint(recipe, killed).waitFor(), "resumed run");

        assertEquals(withoutTimes(whole.resolve("seed-5/results.json")), withoutTimes(seed.resolve("results.json")),
                "killed in " + stages + ", resumed");
        assertEquals(Files.readString(whole.resolve("seed-5/scores/mint.json")).replaceAll("\"seconds\" : [0-9.E-]+", ""),
                Files.readString(seed.resolve("scores/mint.json")).replaceAll("\"seconds\" : [0-9.E-]+", ""));
    }

    /** Starts the command, kills it with SIGKILL when {@code when} holds, and says in which stage that was. */
    private static String killWhen(Path recipe, Path out, Condition when, String stage) throws Exception {
        Process p = mint(recipe, out);
        while (p.isAlive() && !when.holds()) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the run was still in stage " + stage + " when checked");
        p.destroyForcibly().waitFor();
        return stage;
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws IOException;
    }

    static Process mint(Path recipe, Path out) throws IOException {
        return MintProcess.builder(List.of(), List.of("run", "--recipe", recipe.toString(), "--out", out.toString(),
                "--threads", "2", "--data", MintCliTest.shared("data").toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static boolean exists(Path p) {
        return Files.exists(p);
    }

    private static boolean any(Path dir, Predicate<Path> match) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(match);
        }
    }

    private static SeedResults withoutTimes(Path results) {
        return Json.read(results, SeedResults.class).withoutTimes();
    }
}
