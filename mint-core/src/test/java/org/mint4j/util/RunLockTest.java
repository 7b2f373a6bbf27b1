package org.mint4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Point 2 of issue 16: one writer at a time, across processes. */
class RunLockTest {

    /** A second process that takes the lock of {@code args[0]}, says so, and holds it until its stdin closes. */
    public static final class Holder {
        public static void main(String[] args) throws IOException {
            try (RunLock lock = RunLock.acquire(Path.of(args[0]), "holder", note -> { })) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // Holds the lock until the test closes stdin.
                }
            }
        }
    }

    private static Process holder(Path dir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("locked", line, "the holder process took the lock");
        return p;
    }

    @Test
    void aSecondProcessIsRefusedWithTheHolderNamed(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Process other = holder(run);
        try {
            RunLock.HeldException e = assertThrows(RunLock.HeldException.class,
                    () -> RunLock.acquire(run, "mint run", note -> { }));
            assertTrue(e.getMessage().contains("process " + other.pid() + " on ") && e.getMessage().contains("since")
                    && e.getMessage().contains("(holder)") && e.getMessage().contains("delete " + run.resolve(".lock")),
                    e.getMessage());
            assertThrows(RunLock.HeldException.class, () -> RunLock.acquire(run.resolve("seed-1"), "mint prune",
                    note -> { }), "a run directory inside a locked one is locked too");
        } finally {
            other.getOutputStream().close();
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(0, other.exitValue());
        assertFalse(Files.exists(run.resolve(RunLock.FILE)), "released when the holder ends");
        RunLock.acquire(run, "mint run", note -> { }).close();
    }

    @Test
    void theLockOfAKilledProcessIsTakenOverWithANote(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Process other = holder(run.resolve("seed-1"));
        other.destroyForcibly().waitFor();
        assertTrue(Files.exists(run.resolve("seed-1").resolve(RunLock.FILE)), "kill -9 leaves the lock behind");
        List<String> notes = new ArrayList<>();
        try (RunLock lock = RunLock.acquire(run.resolve("seed-1"), "mint prune", notes::add)) {
            assertEquals(1, notes.size(), notes.toString());
            assertTrue(notes.get(0).contains("process " + other.pid()) && notes.get(0).contains("no longer running"),
                    notes.get(0));
            assertTrue(Files.readString(run.resolve("seed-1").resolve(RunLock.FILE))
                    .contains("pid: " + ProcessHandle.current().pid()));
        }
        assertFalse(Files.exists(run.resolve("seed-1").resolve(RunLock.FILE)), "released on close");
    }

    @Test
    void aSecondWriterInTheSameProcessIsRefusedToo(@TempDir Path tmp) {
        try (RunLock lock = RunLock.acquire(tmp, "mint train", note -> { })) {
            assertThrows(RunLock.HeldException.class, () -> RunLock.acquire(tmp, "mint run", note -> { }));
        }
        RunLock.acquire(tmp, "mint run", note -> { }).close();
    }

    @Test
    void releaseAllRemovesEveryLockThisProcessHolds(@TempDir Path tmp) {
        try (RunLock a = RunLock.acquire(tmp.resolve("a"), "mint run", note -> { });
                RunLock b = RunLock.acquire(tmp.resolve("b"), "mint study", note -> { })) {
            RunLock.releaseAll();
            assertFalse(Files.exists(tmp.resolve("a").resolve(RunLock.FILE)));
            assertFalse(Files.exists(tmp.resolve("b").resolve(RunLock.FILE)));
        }
    }

    /** A command refused before it wrote anything leaves no directory behind; one that wrote keeps it. */
    @Test
    void directoriesTheLockMadeGoAgainWhenNothingWasWrittenThere(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("runs").resolve("new");
        RunLock.acquire(run, "mint run", note -> { }).close();
        assertFalse(Files.exists(run), "the run directory the lock made is gone");
        assertTrue(Files.isDirectory(tmp.resolve("runs")), "its parent may be another run's by now: it stays");

        try (RunLock lock = RunLock.acquire(run, "mint run", note -> { })) {
            Files.writeString(run.resolve("recipe.yaml"), "name: x\n");
        }
        assertTrue(Files.exists(run.resolve("recipe.yaml")) && !Files.exists(run.resolve(RunLock.FILE)));

        Path existing = Files.createDirectories(tmp.resolve("existing"));
        RunLock.acquire(existing, "mint run", note -> { }).close();
        assertTrue(Files.isDirectory(existing), "a directory that was there stays");
    }
}
