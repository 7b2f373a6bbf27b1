package org.mint4j.train;

/**
 * The engine cannot run the kernels a command needs: reproducible ones were asked for but the
 * process did not start with their environment, or this CPU computes convolutions wrongly with them.
 */
public class KernelsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KernelsException(String message) {
        super(message);
    }
}
