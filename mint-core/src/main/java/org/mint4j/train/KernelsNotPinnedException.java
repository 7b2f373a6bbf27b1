package org.mint4j.train;

/** Reproducible kernels were asked for, but the process did not start with their environment. */
public class KernelsNotPinnedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KernelsNotPinnedException(String message) {
        super(message);
    }
}
