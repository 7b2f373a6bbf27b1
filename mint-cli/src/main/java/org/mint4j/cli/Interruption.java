package org.mint4j.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.mint4j.util.RunLock;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP end mint at once, as the kernel ends a process, with a line
 * saying so. The JVM's own handling starts an orderly exit that destroys the engine's native state
 * (oneDNN's generated kernels among it) while the engine's threads are still computing: killed
 * during training, the JVM died with a fatal error and left an hs_err_pid*.log in the working
 * directory. An orderly exit buys nothing here: mint writes every file whole or not at all, and
 * runs continue from what they saved. The run directory's lock is released first.
 */
final class Interruption {

    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");

    private Interruption() {
    }

    static void install() {
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            try {
                Signal.handle(signal, Interruption::stop);
            } catch (IllegalArgumentException reservedByJvm) {
                // -Xrs: the signal keeps its default action, which already ends the process at once.
            }
        }
    }

    private static void stop(Signal signal) {
        System.out.flush();
        System.err.printf(Locale.ROOT, "%nmint: stopped by SIG%s. What was saved is complete: mint run and mint study "
                + "continue from it when run again, mint train with --resume.%n", signal.getName());
        System.err.flush();
        RunLock.releaseAll();
        Signal.handle(signal, SignalHandler.SIG_DFL);
        // The JDK raises only signals it handles; the kill command delivers this one to its default action.
        try {
            new ProcessBuilder("kill", "-" + signal.getName(), Long.toString(ProcessHandle.current().pid()))
                    .start().waitFor();
        } catch (IOException | InterruptedException noKillCommand) {
            // Not a POSIX system: the orderly exit it is.
        }
        Runtime.getRuntime().halt(128 + signal.getNumber());
    }
}
