package org.mint4j.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which CPU kernels the engine runs: reproducible ones, the same numerical paths on every x86-64
 * CPU with AVX2 (so a seed and a thread count give the same digits on any such machine), or the
 * fastest the CPU has. The libraries inside PyTorch choose once, when they load, from environment
 * variables; a JVM cannot set those for itself, so the launcher, the test JVMs and Spark's executors
 * set them from {@value #RESOURCE}, and this class reads back what the process got.
 */
public final class Kernels {

    /** The pinning environment, one {@code NAME=VALUE} a line, beside this class. */
    public static final String RESOURCE = "reproducible-kernels.env";

    private static final Map<String, String> PINNED = load();

    private Kernels() {
    }

    /** The variables, and their values, that make the kernels reproducible. */
    public static Map<String, String> environment() {
        return PINNED;
    }

    /** Whether this process started with every variable of {@link #environment()} set to its value. */
    public static boolean reproducible() {
        return PINNED.entrySet().stream().allMatch(e -> Objects.equals(System.getenv(e.getKey()), e.getValue()));
    }

    /** "reproducible (MKL_CBWR=AVX2,STRICT ...)" or "fast", for provenance and run headers. */
    public static String describe() {
        return reproducible() ? "reproducible (" + assignments() + ")" : "fast";
    }

    /** The variables as shell assignments, "MKL_CBWR=AVX2,STRICT ATEN_CPU_CAPABILITY=avx2 ...". */
    public static String assignments() {
        return PINNED.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static Map<String, String> load() {
        Map<String, String> env = new LinkedHashMap<>();
        try (InputStream in = Objects.requireNonNull(Kernels.class.getResourceAsStream(RESOURCE), RESOURCE);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    int eq = line.indexOf('=');
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from mint4j's jar", e);
        }
        return Collections.unmodifiableMap(env);
    }
}
