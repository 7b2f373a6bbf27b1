package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.util.RunLock;

/** Issue 16 through the command line: one writer per run directory, reports, plain error messages. */
class ReliabilityCliTest {

    /** One line on stderr, starting with "error: ", without a Java exception's name. */
    static void assertOnePlainError(MintCliTest.Run r) {
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().lines().count() == 1, r.err());
        assertFalse(r.err().matches("(?s).*(Exception|java\\.|reference chain|\\(null\\)).*"), r.err());
    }

    @Test
    void aSecondWriterIsRefusedWithTheHolderNamed(@TempDir Path tmp) {
        Path run = tmp.resolve("run");
        try (RunLock held = RunLock.acquire(run, "mint run --out " + run, note -> { })) {
            MintCliTest.Run r = MintCliTest.mint("train", "--recipe", "mnist-mlp", "--epochs", "1", "--out",
                    run.toString());
            assertOnePlainError(r);
            assertTrue(r.err().contains("process " + ProcessHandle.current().pid()) && r.err().contains("mint run --out"),
                    r.err());
            assertFalse(Files.exists(run.resolve("recipe.yaml")), "nothing written");
        }
    }

    @Test
    void threadsBelowOneAreRefused(@TempDir Path tmp) {
        for (String threads : new String[] {"0", "-2"}) {
            MintCliTest.Run r = MintCliTest.mint("train", "--recipe", "mnist-mlp", "--threads", threads, "--out",
                    tmp.resolve("run").toString());
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().startsWith("error: --threads " + threads + " is not allowed; expected at least 1"),
                    r.err());
        }
        assertFalse(Files.exists(tmp.resolve("run")), "nothing written");
    }

    @Test
    void reportRefusesADirectoryThatIsNotARun(@TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        MintCliTest.Run r = MintCliTest.mint("report", empty.toString());
        assertOnePlainError(r);
        assertTrue(r.err().contains("has no recipe.yaml"), r.err());
        try (var left = Files.list(empty)) {
            assertEquals(0, left.count(), "no report.html, no lock left behind");
        }
    }

    /** A directory holding the tiny pipeline's recipe, as a run directory would. */
    private static Path runWithRecipe(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (InputStream in = ReliabilityCliTest.class.getClassLoader().getResourceAsStream("tiny-pipeline.yaml")) {
            Files.write(dir.resolve("recipe.yaml"), in.readAllBytes());
        }
        return dir;
    }

    @Test
    void anUnwritableOutputDirectoryIsOnePlainLine(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("file.txt"), "not a directory");
        MintCliTest.Run r = MintCliTest.mint("train", "--recipe", "mnist-mlp", "--out",
                file.resolve("run").toString());
        assertOnePlainError(r);
        assertEquals("error: cannot write " + file.resolve("run") + ": not a directory", r.err().strip());
        if (!"root".equals(System.getProperty("user.name"))) {
            Path locked = Files.createDirectories(tmp.resolve("read-only"));
            locked.toFile().setWritable(false);
            r = MintCliTest.mint("train", "--recipe", "mnist-mlp", "--out", locked.resolve("run").toString());
            assertOnePlainError(r);
            assertTrue(r.err().contains("permission denied"), r.err());
        }
    }

    @Test
    void corruptJsonFilesSayHowToRecover(@TempDir Path tmp) throws IOException {
        Path run = runWithRecipe(tmp.resolve("run"));
        Path point = Files.createDirectories(run.resolve("retrain").resolve("mint-t0.5"));
        Files.writeString(point.resolve("point.json"), "{\"seed\": 4, \"criterion\": \"mi");
        MintCliTest.Run r = MintCliTest.mint("export", run.toString(), "--point", "mint-t0.5", "--format", "djl",
                "--out", tmp.resolve("model").toString(), "--threads", "1");
        assertOnePlainError(r);
        assertTrue(r.err().contains(point.resolve("point.json") + " is damaged")
                && r.err().contains("delete it and rerun the command that wrote it"), r.err());
        Files.writeString(run.resolve("results.json"), "{\"recipe\": \"tiny\", \"seed\": [1, 2]}");
        r = MintCliTest.mint("export", run.toString(), "--format", "djl", "--out", tmp.resolve("model").toString(),
                "--threads", "1");
        assertOnePlainError(r);
        assertTrue(r.err().contains(run.resolve("results.json") + " is damaged"), r.err());
    }

    @Test
    void unloadableWeightsSayWhyAndHowToRecover(@TempDir Path tmp) throws IOException {
        Path run = runWithRecipe(tmp.resolve("run"));
        // Whole as written (its digest matches) but not weights of the recipe's network.
        byte[] notWeights = {0, 0, 0, 7, 'P', 'A', 'R', 'A'};
        Files.write(run.resolve("best.params"), notWeights);
        Files.writeString(run.resolve("best.params.sha256"), org.mint4j.util.Checksums.sha256(notWeights) + "\n");
        Files.writeString(run.resolve("train-result.json"), "{}\n");
        MintCliTest.Run r = MintCliTest.mint("eval", "--run", run.toString(), "--threads", "1");
        assertOnePlainError(r);
        assertTrue(r.err().contains(run.resolve("best.params") + ": cannot be loaded into the mlp network")
                && r.err().contains("restore it from a copy, or delete it and rerun"), r.err());
    }

    @Test
    void debugShowsTheStackTrace(@TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        MintCliTest.Run r = MintCliTest.mint("report", empty.toString(), "--debug");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("at org.mint4j.run.Report"), r.err());
    }

    @Test
    void messagesLoseJavaNamesAndParserPaths() {
        assertEquals("/runs/x: permission denied",
                Mint.plain(new UncheckedIOException(new AccessDeniedException("/runs/x"))));
        assertEquals("/runs/x/results.json: not found",
                Mint.plain(new UncheckedIOException(new NoSuchFileException("/runs/x/results.json"))));
        assertEquals("bad value",
                Mint.plain(new IllegalStateException("java.lang.IllegalStateException: bad value (through reference "
                        + "chain: org.mint4j.run.PruningPipeline$SeedResults[\"points\"])")));
        assertEquals("no details", Mint.plain(new NullPointerException()));
    }
}
