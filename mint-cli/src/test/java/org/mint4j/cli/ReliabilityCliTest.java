package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
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
    void reportRefusesADirectoryThatIsNotARun(@TempDir Path tmp) throws java.io.IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        MintCliTest.Run r = MintCliTest.mint("report", empty.toString());
        assertOnePlainError(r);
        assertTrue(r.err().contains("has no recipe.yaml"), r.err());
        try (var left = Files.list(empty)) {
            assertEquals(0, left.count(), "no report.html, no lock left behind");
        }
    }
}
