package org.mint4j.nn;

import java.nio.file.Path;

/**
 * A weight file (checkpoint, best weights, saved model, pretrained import) cannot be used; the
 * message names the file, the problem and, unless the file is missing, how to recover.
 */
public class WeightFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WeightFileException(Path file, String problem) {
        this(file, problem, problem.startsWith("missing") ? null
                : "restore it from a copy, or delete it and rerun the command that wrote it");
    }

    /** @param recovery what to do about it, or null */
    public WeightFileException(Path file, String problem, String recovery) {
        super(file + ": " + problem + (recovery == null ? "" : "; to recover, " + recovery));
    }
}
