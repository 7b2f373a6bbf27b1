package org.mint4j.data;

import java.nio.file.Path;

/** A dataset file is missing, truncated or corrupt; the message names the file and what was expected. */
public class DataFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DataFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
