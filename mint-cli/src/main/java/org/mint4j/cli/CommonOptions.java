package org.mint4j.cli;

import java.nio.file.Path;
import org.mint4j.gmi.Parallel;
import org.mint4j.data.DataDirectory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every command that touches data or the engine shares. */
public final class CommonOptions {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: $MINT_DATA, else ~/.mint/data).")
    Path data;

    /** 0 when not given: all cores. */
    int threads;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the engine and the estimator, at least 1 (default: all cores).")
    void threads(int n) {
        if (n < 1) {
            throw new ParameterException(command.commandLine(), "--threads " + n
                    + " is not allowed; expected at least 1, or leave it out to use all cores");
        }
        threads = n;
    }

    DataDirectory dataDirectory() {
        return DataDirectory.resolve(data);
    }

    /** The thread count asked for, or every core. */
    int threads() {
        return Parallel.threadsOrCores(threads);
    }
}
