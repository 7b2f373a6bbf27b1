package org.mint4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where datasets live: the {@code --data} flag, else the environment variable {@code MINT_DATA},
 * else {@code ~/.mint/data}. Layout: {@code mnist/}, {@code fashion-mnist/}, {@code cifar10/}.
 */
public final class DataDirectory {

    public static final String ENV = "MINT_DATA";

    private final Path root;
    private final String source;

    private DataDirectory(Path root, String source) {
        this.root = root;
        this.source = source;
    }

    /** Resolves the data directory from a flag value (may be null), the environment, or the default. */
    public static DataDirectory resolve(Path flag) {
        if (flag != null) {
            return new DataDirectory(flag, "--data");
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return new DataDirectory(Paths.get(env), "$" + ENV);
        }
        return new DataDirectory(Paths.get(System.getProperty("user.home"), ".mint", "data"), "default");
    }

    public static DataDirectory of(Path root) {
        return new DataDirectory(root, "given");
    }

    public Path root() {
        return root;
    }

    /** A file of a dataset, which must exist. */
    public Path require(String dataset, String file) {
        Path dir = root.resolve(dataset);
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new DataFileException(path, "missing; the data directory is " + root + " (from " + source
                    + "): set it with --data DIR or $" + ENV);
        }
        return path;
    }

    @Override
    public String toString() {
        return root + " (from " + source + ")";
    }
}
