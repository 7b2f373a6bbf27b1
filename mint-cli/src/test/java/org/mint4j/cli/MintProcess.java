package org.mint4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A mint command in a JVM of its own, started as the launcher starts it, with this JVM's environment. */
final class MintProcess {

    private MintProcess() {
    }

    /** {@code java [jvmOptions] ... org.mint4j.cli.Mint args}, with the test's class path. */
    static ProcessBuilder builder(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                Mint.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command);
    }
}
