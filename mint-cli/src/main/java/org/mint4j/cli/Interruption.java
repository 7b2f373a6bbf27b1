package org.mint4j.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mint4j.util.RunLock;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP end mint at once, as {@code kill -9} would except that a line
 * says so and the run directory's lock is released. The JVM's own handling starts an orderly exit
 * whose C++ destructors tear down the engine's native state (oneDNN's generated kernels among it)
 * while the engine's threads are still computing: killed during training, the JVM died with a
 * fatal error and left an hs_err_pid*.log in the working directory. An orderly exit buys nothing
 * here: mint writes every file whole or not at all, and runs continue from what they saved.
 */
final class Interruption {

    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");
    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private Interruption() {
    }

    static void install() {
        SIGNALS.forEach(name -> handle(name, Interruption::stop));
    }

    /**
     * Every signal back to its default action first, so that a second Ctrl-C ends the process even
     * if this one's line cannot be written (a stopped reader of the output).
     */
    private static void stop(Signal signal) {
        if (!STOPPING.compareAndSet(false, true)) {
            return;
        }
        SIGNALS.forEach(name -> handle(name, SignalHandler.SIG_DFL));
        try {
            System.out.flush();
            System.err.printf(Locale.ROOT, "%nmint: stopped by SIG%s. Files already written are complete: a run, "
                    + "study or training continues from them when run again (mint train with --resume).%n", signal.getName());
            System.err.flush();
            RunLock.releaseAll();
        } finally {
            deliver(signal);
        }
    }

    /** The JDK raises only the signals it handles; the shell's kill delivers this one to its default action. */
    private static void deliver(Signal signal) {
        try {
            new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal.getName() + " " + ProcessHandle.current().pid())
                    .start().waitFor();
        } catch (IOException | InterruptedException noShell) {
            // Not a POSIX system.
        }
        // Skips the shutdown hooks; the C library's exit still runs the engine's destructors.
        Runtime.getRuntime().halt(128 + signal.getNumber());
    }

    private static void handle(String name, SignalHandler handler) {
        try {
            Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException unavailable) {
            // No such signal here (Windows has no HUP), or -Xrs: its default action ends the process at once.
        }
    }
}
