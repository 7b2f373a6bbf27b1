package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's test command ({@code ./test}) checks for the Debian packages the tests use: with
 * one missing it stops with the one line that installs it, before Maven starts. dpkg-query and id
 * are replaced on the PATH by scripts that answer as such a machine would.
 */
class TestScriptTest {

    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("test");

    @Test
    void aMissingPackageGivesTheOneLineThatInstallsIt(@TempDir Path tmp) throws Exception {
        Path bin = fakes(tmp, "chromium", 0);
        Result r = run(bin, "--check");
        assertEquals(2, r.exit, r.output);
        assertEquals("the tests need Debian packages that are missing; install them with: apt-get install -y chromium\n",
                r.output);
    }

    @Test
    void withoutRootTheTestsStopAtTheLineWithSudo(@TempDir Path tmp) throws Exception {
        Path bin = fakes(tmp, "python3-onnx", 1000);
        Result r = run(bin);
        assertEquals(2, r.exit, r.output);
        assertEquals("the tests need Debian packages that are missing; install them with: "
                + "sudo apt-get install -y python3-onnx\n", r.output);
    }

    @Test
    void withEveryPackageTheCheckPasses(@TempDir Path tmp) throws Exception {
        Result r = run(fakes(tmp, "none", 0), "--check");
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.startsWith("the Debian packages the tests use are installed: ")
                && r.output.contains(" chromium ") && r.output.lines().count() == 1, r.output);
    }

    record Result(int exit, String output) {
    }

    private static Result run(Path bin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        return new Result(p.waitFor(), output);
    }

    /** A dpkg-query that has every package but {@code missing} installed, and an id whose user is {@code uid}. */
    private static Path fakes(Path tmp, String missing, int uid) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        script(bin.resolve("dpkg-query"), "#!/bin/sh\nfor last; do :; done\n"
                + "[ \"$last\" = " + missing + " ] && exit 1\nprintf installed\n");
        script(bin.resolve("id"), "#!/bin/sh\necho " + uid + "\n");
        return bin;
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
