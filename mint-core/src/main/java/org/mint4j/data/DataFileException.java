package org.mint4j.data;

import java.nio.file.Path;

/**
 * A dataset file is missing, truncated or corrupt; the message names the file, what was expected
 * and, unless the file is missing (that message says where it was looked for), how to recover.
 */
public class DataFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataFileException(Path file, String problem) {
        this(file, problem, null);
    }

    public DataFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem + (problem.startsWith("missing") ? ""
                : "; to recover, replace it with the dataset's original file (README, \"Data directory\")"), cause);
    }
}
