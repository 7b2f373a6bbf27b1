package org.mint4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays in memory PyTorch owns, where DJL would leave PyTorch reading a Java buffer. DJL makes an
 * array from Java data on a direct buffer that lives only as long as that array is open:
 * <ul>
 *   <li>{@code mul(Number)}, {@code div(Number)} and {@code pow(Number)} make their scalar that way
 *       and close it before they return, but autograd keeps it for the backward pass (a product's
 *       gradient is the other factor): a garbage collection in between frees the buffer, and the
 *       gradient reads freed memory (NaN, or another array's values). Use {@link #times} on anything
 *       a backward pass may go through.</li>
 *   <li>a view of an array made from Java data (a Gather or Reshape of a shape) reads freed memory
 *       once that array is closed: {@link #copy} it first.</li>
 * </ul>
 */
public final class TorchOwned {

    private TorchOwned() {
    }

    public static NDArray times(NDArray x, float factor) {
        try (NDArray scalar = scalar(x, factor)) {
            return x.mul(scalar);
        }
    }

    /** A copy of an array made from Java data, which is closed. */
    public static NDArray copy(NDArray fromJava) {
        NDArray copy = fromJava.duplicate();
        fromJava.close();
        return copy;
    }

    private static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value);
    }
}
