package org.mint4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The ./mint launcher gives a Spark driver the JVM options this module's tests run with. */
class SparkLauncherOptionsTest {

    @Test
    void theLauncherOpensWhatTheTestsOpen() throws IOException {
        String launcher = Files.readString(Path.of("..", "mint"));
        int start = launcher.indexOf("java_options+=(-XX:+IgnoreUnrecognizedVMOptions");
        String block = launcher.substring(start, launcher.indexOf(")\nfi", start));
        Set<String> launched = Arrays.stream(block.substring("java_options+=(".length()).split("\\s+"))
                .filter(s -> !s.isBlank()).collect(Collectors.toCollection(TreeSet::new));
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        Set<String> tested = jvm.stream().filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")
                || a.startsWith("-Dio.netty") || a.equals("-XX:+IgnoreUnrecognizedVMOptions"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(tested, launched);
    }
}
