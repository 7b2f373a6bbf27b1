package org.mint4j.gmi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The float bounds Prim streams are below the exact distances, and close to them. */
class FloatBoundsTest {

    @Test
    void aBoundIsNeverAboveItsDistanceAndWithinTwoToTheMinus21OfIt() {
        Random rng = new Random(7);
        double[] edges = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.MIN_NORMAL, 1e-300, -1e-300, 1.0, -1.0, Math.nextUp(1.0), Float.MAX_VALUE,
            Math.nextUp((double) Float.MAX_VALUE), 1e39, 1e300};
        for (double d : edges) {
            assertBelow(d);
        }
        for (int i = 0; i < 1_000_000; i++) {
            assertBelow(Math.scalb(rng.nextDouble() - 0.05, rng.nextInt(200) - 100));
        }
    }

    private static void assertBelow(double d) {
        double bound = DistanceRows.floatBelow(d);
        assertTrue(bound <= d, () -> "bound " + bound + " above " + d);
        // Near the subnormals the bound gives up 2^-140 absolute; distances there are zero in effect.
        if (Math.abs(d) >= 0x1p-100 && Math.abs(d) <= Float.MAX_VALUE / 2) {
            assertTrue(d - bound <= Math.abs(d) * 0x1p-21, () -> "bound " + bound + " too far below " + d);
        }
    }
}
