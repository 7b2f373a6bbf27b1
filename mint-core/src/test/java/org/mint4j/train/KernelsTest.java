package org.mint4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
     * On a machine of this project's kind oneDNN's AVX, AVX2 and AVX-512 kernels put convs over
     * channel counts off their vector block 10 to 30 away from their zero-padded form (NaN too);
     * the reproducible kernels must not, and configuring the engine checks it.
     */
    @Test
    void reproducibleConvolutionsOverChannelCountsOffTheVectorBlockEqualTheirZeroPaddedForm() {
        float error = Kernels.convolutionError(EngineSetup.configure(2));
        assertTrue(error < Kernels.CONVOLUTION_TOLERANCE, "off by " + error);
    }
}
