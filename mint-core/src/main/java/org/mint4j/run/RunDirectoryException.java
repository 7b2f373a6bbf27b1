package org.mint4j.run;

/** A run directory cannot be used as asked; the message names it and the way out. */
public class RunDirectoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunDirectoryException(String message) {
        super(message);
    }
}
