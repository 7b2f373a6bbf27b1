package org.mint4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.mint4j.run.RunDirectory;
import picocli.CommandLine.Option;

/** Which seed of a multi-seed run directory (its {@code seed-S/} directories) a command works on. */
final class SeedOption {

    @Option(names = "--seed", paramLabel = "S",
            description = "The seed, when the run directory holds several (mint run --seeds); with one it is used.")
    Long seed;

    /** The run of one seed that {@code dir} names. */
    Path one(Path dir) {
        return RunDirectory.oneSeed(dir, seed).root();
    }

    /** The run of every seed that {@code dir} names, or of the one asked for. */
    List<Path> each(Path dir) {
        return RunDirectory.eachSeed(dir, seed).stream().map(RunDirectory::root).toList();
    }
}
