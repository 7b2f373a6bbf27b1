package org.mint4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.mint4j.data.DataDirectory;

/** The real datasets for tests: $MINT_DATA, else shared/data in the nearest ancestor that has it. */
public final class SharedData {

    private SharedData() {
    }

    public static DataDirectory directory() {
        String env = System.getenv(DataDirectory.ENV);
        if (env != null && !env.isBlank()) {
            return DataDirectory.of(Paths.get(env));
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared/data/mnist"))) {
                return DataDirectory.of(p.resolve("shared/data"));
            }
        }
        throw new IllegalStateException("no data directory: set " + DataDirectory.ENV);
    }
}
