package org.mint4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Point 7 of issue 16: no leftovers of interrupted writes, and the umask's file modes. */
class AtomicFilesTest {

    @Test
    void leftoversOfInterruptedWritesAreRemovedWhenTheRunIsLockedAgain(@TempDir Path tmp) throws IOException {
        Path seed = Files.createDirectories(tmp.resolve("run").resolve("seed-1"));
        Path checkpoint = Files.writeString(seed.resolve(".checkpoint.ckpt4815162342.tmp"), "half a checkpoint");
        Path model = Files.createDirectories(seed.resolve(".model8675309.tmp"));
        Files.writeString(model.resolve("params"), "half a model");
        Path kept = Files.writeString(seed.resolve("notes.tmp"), "not mint's");
        Path hidden = Files.writeString(seed.resolve(".hidden"), "not mint's");
        RunLock.acquire(tmp.resolve("run"), "mint run", note -> { }).close();
        assertFalse(Files.exists(checkpoint), "a temporary file of an interrupted write is removed");
        assertFalse(Files.exists(model), "a temporary directory of an interrupted export is removed");
        assertTrue(Files.exists(kept) && Files.exists(hidden), "other files are kept");
    }

    @Test
    void writtenFilesHaveTheModeTheUmaskGives(@TempDir Path tmp) throws IOException {
        Path written = tmp.resolve("results.json");
        AtomicFiles.writeString(written, "{}");
        Path plain = Files.createFile(tmp.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
        Path directory = AtomicFiles.createTemporaryDirectory(tmp.resolve("model"));
        Path plainDirectory = Files.createDirectory(tmp.resolve("plain-directory"));
        assertEquals(Files.getPosixFilePermissions(plainDirectory), Files.getPosixFilePermissions(directory));
        try (var files = Files.list(tmp)) {
            assertEquals(4, files.count(), "no temporary file left by a completed write");
        }
    }
}
