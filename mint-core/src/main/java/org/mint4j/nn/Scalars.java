package org.mint4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Products and powers with a constant whose scalar PyTorch owns. DJL's {@code mul(Number)},
 * {@code div(Number)} and {@code pow(Number)} make the scalar on a Java buffer and close it before
 * they return, but autograd keeps it for the backward pass (a product's gradient is the other
 * factor): a garbage collection in between frees the buffer, and the gradient reads freed memory
 * (NaN, or another array's values). Use these on anything a backward pass may go through.
 */
public final class Scalars {

    private Scalars() {
    }

    public static NDArray times(NDArray x, float factor) {
        try (NDArray scalar = scalar(x, factor)) {
            return x.mul(scalar);
        }
    }

    public static NDArray power(NDArray x, float exponent) {
        try (NDArray scalar = scalar(x, exponent)) {
            return x.pow(scalar);
        }
    }

    private static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value);
    }
}
