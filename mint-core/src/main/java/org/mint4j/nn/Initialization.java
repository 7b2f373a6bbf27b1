package org.mint4j.nn;

import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.Random;

/** PyTorch's default parameter initialisation, drawn from a Java generator so runs are reproducible. */
final class Initialization {

    private Initialization() {
    }

    /**
     * U(-1/sqrt(fan_in), 1/sqrt(fan_in)): what nn.Linear and nn.Conv2d use for weights
     * (kaiming_uniform with a = sqrt(5)) and biases.
     */
    static void pytorchUniform(Parameter parameter, long fanIn, Random rng) {
        double bound = 1.0 / Math.sqrt(fanIn);
        float[] values = new float[Math.toIntExact(parameter.getArray().size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        }
        parameter.getArray().set(FloatBuffer.wrap(values));
    }
}
