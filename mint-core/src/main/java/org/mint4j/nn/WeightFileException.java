package org.mint4j.nn;

import java.nio.file.Path;

/** A checkpoint or saved model cannot be used; the message names the file and the problem. */
public class WeightFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WeightFileException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
