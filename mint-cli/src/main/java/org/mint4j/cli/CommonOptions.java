package org.mint4j.cli;

import java.nio.file.Path;
import org.mint4j.gmi.Parallel;
import org.mint4j.data.DataDirectory;
import picocli.CommandLine.Option;

/** Options every command that touches data or the engine shares. */
public final class CommonOptions {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: $MINT_DATA, else ~/.mint/data).")
    Path data;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads for the engine and the estimator (default: all cores).")
    int threads;

    DataDirectory dataDirectory() {
        return DataDirectory.resolve(data);
    }

    /** The thread count asked for, or every core. */
    int threads() {
        return Parallel.threadsOrCores(threads);
    }
}
