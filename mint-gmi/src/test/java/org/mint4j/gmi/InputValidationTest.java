package org.mint4j.gmi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class InputValidationTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void namesTheSizesOfMismatchedRows() {
        Random rng = new Random(0);
        String m = message(() -> ConditionalGmi.standard().estimate(TestData.gaussian(rng, 10, 1),
                TestData.gaussian(rng, 11, 1), TestData.gaussian(rng, 10, 1)));
        assertTrue(m.contains("10") && m.contains("11"), m);
    }

    @Test
    void needsSixRows() {
        Random rng = new Random(0);
        String m = message(() -> ConditionalGmi.standard().estimate(TestData.gaussian(rng, 5, 1),
                TestData.gaussian(rng, 5, 1), TestData.gaussian(rng, 5, 1)));
        assertTrue(m.contains("6") && m.contains("5"), m);
    }

    @Test
    void namesTheRowAndColumnOfANonFiniteValue() {
        Random rng = new Random(0);
        Matrix z = TestData.gaussian(rng, 10, 3);
        z.data()[4 * 3 + 2] = Double.NaN;
        String m = message(() -> ConditionalGmi.standard().estimate(TestData.gaussian(rng, 10, 1),
                TestData.gaussian(rng, 10, 1), z));
        assertTrue(m.startsWith("Z") && m.contains("row 4") && m.contains("column 2"), m);
        z.data()[4 * 3 + 2] = Double.POSITIVE_INFINITY;
        assertTrue(message(() -> ConditionalGmi.standard().estimate(TestData.gaussian(rng, 10, 1),
                TestData.gaussian(rng, 10, 1), z)).contains("Infinity"));
    }

    @Test
    void namesARowWhoseSquaredNormOverflows() {
        Random rng = new Random(0);
        Matrix z = TestData.gaussian(rng, 10, 3);
        z.data()[7 * 3] = 1e200;
        String m = message(() -> ConditionalGmi.standard().estimate(TestData.gaussian(rng, 10, 1),
                TestData.gaussian(rng, 10, 1), z));
        assertTrue(m.contains("row 7") && m.contains("overflows"), m);
        // Finite squared norms whose sum is not: two rows of 1e154.
        z.data()[7 * 3] = 1e154;
        z.data()[8 * 3] = 1e154;
        m = message(() -> ConditionalGmi.standard().estimate(TestData.gaussian(rng, 10, 1),
                TestData.gaussian(rng, 10, 1), z));
        assertTrue(m.contains("row 7") && m.contains("overflows"), m);
    }

    @Test
    void rejectsEmptyOverlappingAndIncompleteGroups() {
        assertTrue(message(() -> ColumnGroups.of(4, new int[][] {{0, 1}, {}, {2, 3}})).contains("group 1 is empty"));
        assertTrue(message(() -> ColumnGroups.of(4, new int[][] {{0, 1}, {1, 2, 3}}))
                .contains("column 1 is in group 0 and in group 1"));
        assertTrue(message(() -> ColumnGroups.of(4, new int[][] {{0, 1}, {3}})).contains("column 2 of 4 is in no group"));
        assertTrue(message(() -> ColumnGroups.of(4, new int[][] {{0, 1}, {2, 3, 4}})).contains("column 4"));
        assertTrue(message(() -> ColumnGroups.sequential(4, 5)).contains("5 groups"));
    }

    @Test
    void sequentialGroupsCoverEveryColumnWhenNotDivisible() {
        ColumnGroups g = ColumnGroups.sequential(10, 4);
        assertArrayEquals(new int[] {0, 1, 2}, g.columns(0));
        assertArrayEquals(new int[] {3, 4, 5}, g.columns(1));
        assertArrayEquals(new int[] {6, 7}, g.columns(2));
        assertArrayEquals(new int[] {8, 9}, g.columns(3));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 8, 9}, g.columnsOutside(2));
    }
}
