package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.util.RunLock;

/**
 * SIGTERM during training (ResNet-20's convolutions running on the engine's threads) ends mint at
 * once: one line saying so, exit status 128 + 15, the run's lock released, and no JVM fatal error.
 * The JVM's own orderly exit destroyed oneDNN's kernels under the running engine: the JVM aborted
 * and left an hs_err_pid*.log in the working directory, one kill in three here.
 */
class InterruptionTest {

    /** Three short epochs of a small conv net trained from scratch: the second is where the signal lands. */
    private static final String RECIPE = """
            name: interrupted-resnet20
            description: "ResNet-20 trained from scratch on a CIFAR-10 subset, to be interrupted"
            seed: 3
            model: {architecture: resnet20}
            dataset: {name: cifar10, augmentation: none, normalization: imagenet, train_per_class: 50, test_per_class: 10, validation_per_class: 10}
            train: {epochs: 3, batch_size: 50, learning_rate: 0.05, momentum: 0.9, nesterov: false, weight_decay: 1.0e-4, milestones: [], gamma: 0.1}
            mint:
              samples_per_class: 10
              pairs:
                - {parent: layer1.0.conv1, child: layer1.0.conv2, parent_groups: 16, child_groups: 16}
              targets: [0.5]
              criteria: [mint]
              retrain: {epochs: 1, batch_size: 50, learning_rate: 0.01, momentum: 0.9, nesterov: false, weight_decay: 1.0e-4, milestones: [], gamma: 0.1}
            """;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void sigtermDuringTrainingStopsAtOnce(@TempDir Path tmp) throws Exception {
        Path recipe = tmp.resolve("interrupted.yaml");
        Files.writeString(recipe, RECIPE);
        Path run = tmp.resolve("run");
        Path log = tmp.resolve("log");
        Process p = MintProcess.builder(List.of(), List.of("train", "--recipe", recipe.toString(), "--threads", "2",
                "--out", run.toString(), "--data", MintCliTest.shared("data").toString()))
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // In the second epoch: the first has ended and saved its checkpoint.
            while (p.isAlive() && !Files.exists(run.resolve("checkpoint.ckpt"))) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            assertTrue(p.isAlive(), "training ended before the signal: " + Files.readString(log));
            p.destroy(); // SIGTERM

            assertEquals(128 + 15, p.waitFor());
        } finally {
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(output.contains("mint: stopped by SIGTERM."), output);
        assertFalse(output.contains("fatal error"), output);
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList());
        }
        assertFalse(Files.exists(run.resolve(RunLock.FILE)), "the lock was left behind");
    }
}
