package org.mint4j.train;

import java.nio.file.Path;

/**
 * A checkpoint or saved model cannot be used; the message names the file, the problem and, unless
 * the file is missing, how to recover.
 */
public class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem + (problem.startsWith("missing") ? ""
                : "; to recover, restore it from a copy, or delete it and rerun the command that wrote it"));
    }
}
