package org.mint4j.util;

import java.nio.file.Path;

/** A file a run directory needs is missing or damaged; the message names it and how to recover. */
public class RunFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunFileException(Path file, String problem) {
        super(file + " " + problem);
    }
}
