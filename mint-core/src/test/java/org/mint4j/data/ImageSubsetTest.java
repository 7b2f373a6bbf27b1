package org.mint4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mint4j.SharedData;

class ImageSubsetTest {

    @Test
    void aBalancedSubsetHoldsTheSameImagesForTheSameSeed() {
        ImageSource test = Datasets.open("mnist", SharedData.directory(), false);
        ImageSubset a = ImageSubset.balanced(test, 30, 7);
        assertEquals(300, a.size());
        assertArrayEquals(new int[] {30, 30, 30, 30, 30, 30, 30, 30, 30, 30}, a.classCounts());
        ImageSubset b = ImageSubset.balanced(test, 30, 7);
        ImageSubset other = ImageSubset.balanced(test, 30, 8);
        byte[] x = new byte[a.imageBytes()];
        byte[] y = new byte[a.imageBytes()];
        boolean differs = false;
        for (int i = 0; i < a.size(); i++) {
            a.load(i, x, null);
            b.load(i, y, null);
            assertArrayEquals(x, y);
            other.load(i, y, null);
            differs |= !java.util.Arrays.equals(x, y);
        }
        assertTrue(differs, "another seed draws other images");
        var e = assertThrows(IllegalArgumentException.class, () -> ImageSubset.balanced(test, 2000, 1));
        assertTrue(e.getMessage().contains("cannot draw 2000"), e.getMessage());
    }
}
