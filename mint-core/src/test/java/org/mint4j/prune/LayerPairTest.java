package org.mint4j.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.mint4j.gmi.Matrix;

class LayerPairTest {

    /** Two samples' taps of an 8-channel parent: sample r's channel c holds 10 r + c. */
    private static final Matrix TAP = Matrix.of(new double[][] {{0, 1, 2, 3, 4, 5, 6, 7}, {10, 11, 12, 13, 14, 15, 16, 17}});

    @Test
    void aPairReadingEveryOutputTakesTheWholeTap() {
        assertSame(TAP, new LayerPair("a", "b", 4, 2).parentTap(TAP, new long[] {5, 8, 1, 1}));
        assertSame(TAP, new LayerPair("a", "b", 4, 2, new LayerPair.Columns(3, 8, 1)).parentTap(TAP, new long[] {5, 12}));
    }

    /** A child reading a's channels 2..5 (a Slice) as its inputs 4..7: the pair's parent output c is a's 2 + c. */
    @Test
    void aPairReadingASliceTakesThatRunOfTheTapAndItsColumns() {
        LayerPair pair = new LayerPair("a", "b", 4, 2, new LayerPair.Columns(4, 4, 1, 2));
        long[] shape = {5, 8, 3, 3};
        Matrix slice = pair.parentTap(TAP, shape);
        assertEquals(4, slice.cols());
        for (int c = 0; c < 4; c++) {
            assertEquals(2 + c, slice.get(0, c));
            assertEquals(12 + c, slice.get(1, c));
        }
        assertEquals(4, pair.parentWidth(shape));
        // Child output 1, the slice's output 3 (a's 5): input column 4 + 3 = 7 of 8, after a 3x3 kernel each.
        assertEquals((1 * 8 + 7) * 9, pair.connectionStart(1, 3, shape));
    }
}
