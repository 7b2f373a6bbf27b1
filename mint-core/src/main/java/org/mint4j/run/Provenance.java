package org.mint4j.run;

import org.mint4j.train.Kernels;
import org.mint4j.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where a result came from: versions and the commit built from, machine, command, seed, and
 * checksums of the data and of the inputs it was made from. Written as {@code provenance.json} beside every run's outputs.
 */
public record Provenance(String mint4jVersion, String source, String java, String engine, String kernels, String os,
        int cores, int threads,
        List<String> command, long seed, String created, Map<String, String> dataChecksums,
        Map<String, String> inputChecksums) {


    public static Provenance of(String engine, int threads, List<String> command, long seed,
            Map<String, String> dataChecksums, Map<String, String> inputChecksums) {
        return new Provenance(version(), buildSource(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                engine, Kernels.describe(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), threads, List.copyOf(command), seed,
                Instant.now().toString(), new LinkedHashMap<>(dataChecksums), new LinkedHashMap<>(inputChecksums));
    }

    public void write(Path file) {
        Json.write(file, this);
    }

    /** The mint4j version from the build. */
    public static String version() {
        return build().getProperty("version", "unknown");
    }

    /**
     * The commit the build was made from, "modified" when the work tree differed from it, or
     * "unknown" for a build outside a git checkout.
     */
    public static String buildSource() {
        Properties p = build();
        String commit = p.getProperty("commit", "");
        if (!commit.matches("[0-9a-f]{40}")) {
            return "unknown";
        }
        return "git " + commit + ("true".equals(p.getProperty("dirty")) ? " (modified)" : "");
    }

    private static Properties build() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getClassLoader().getResourceAsStream("mint4j-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
