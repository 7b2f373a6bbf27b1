package org.mint4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mint4j.util.RunLock;
import picocli.CommandLine.Model.CommandSpec;

/** The lock every command that writes into a run directory holds while it runs. */
final class RunDirectoryLock {

    private RunDirectoryLock() {
    }

    /** Locks {@code dir} for the command of {@code spec}; notes (a stale lock taken over) go to stderr. */
    static RunLock take(CommandSpec spec, Path dir) {
        PrintWriter err = spec.commandLine().getErr();
        return RunLock.acquire(dir, String.join(" ", TrainCommand.commandLine(spec)), note -> err.println("note: " + note));
    }
}
