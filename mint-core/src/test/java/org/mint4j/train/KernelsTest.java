package org.mint4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KernelsTest {

    /** pom.xml gives the test JVMs the environment of reproducible-kernels.env; the two must agree. */
    @Test
    void testJvmsRunWithTheReproducibleEnvironment() {
        assertTrue(Kernels.environment().size() >= 3, Kernels.environment().toString());
        Kernels.environment().forEach((name, value) -> assertEquals(value, System.getenv(name),
                name + " in this test JVM (pom.xml's surefire environmentVariables)"));
        assertTrue(Kernels.reproducible());
        assertEquals("reproducible (" + Kernels.assignments() + ")", Kernels.describe());
        assertTrue(Kernels.assignments().contains("MKL_CBWR=AVX2,STRICT"), Kernels.assignments());
    }

    /**
     * A conv over C input channels computes what the same conv over 48 channels, the extra ones
     * weighted zero, computes: compaction relies on it. On a machine of this project's kind the
     * AVX, AVX2 and AVX-512 kernels of oneDNN broke it (errors of 10 to 30, NaN) for C not a
     * multiple of their block; the reproducible kernels must not.
     */
    @Test
    void convsOverChannelCountsOffTheVectorBlockEqualTheirZeroPaddedForm() {
        EngineSetup.configure(2);
        try (NDManager m = NDManager.newBaseManager()) {
            Random rng = new Random(1);
            for (int in : new int[] {11, 12, 34}) {
                NDArray xFull = gaussian(m, rng, new Shape(4, 48, 16, 16));
                NDArray x = xFull.get(new NDIndex(":, 0:" + in)).duplicate();
                NDArray w = gaussian(m, rng, new Shape(32, in, 3, 3));
                NDArray padded = m.zeros(new Shape(32, 48, 3, 3));
                padded.set(new NDIndex(":, 0:" + in), w);
                Shape one = new Shape(1, 1);
                NDArray y = Conv2d.conv2d(x, w, null, one, one, one, 1).singletonOrThrow();
                NDArray yPadded = Conv2d.conv2d(xFull, padded, null, one, one, one, 1).singletonOrThrow();
                float diff = y.sub(yPadded).abs().max().getFloat();
                assertTrue(diff < 1e-4f, in + " input channels: " + diff + " from the zero-padded conv");
            }
        }
    }

    private static NDArray gaussian(NDManager m, Random rng, Shape shape) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return m.create(v, shape);
    }
}
