package org.mint4j.train;

import java.nio.file.Path;

/** A checkpoint or saved model cannot be used; the message names the file and the problem. */
public class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
