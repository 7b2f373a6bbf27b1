package org.mint4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {

    /** Two 1x3x4 images whose byte values encode their position. */
    static ImageSet tiny() {
        byte[] px = new byte[2 * 12];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i + 1);
        }
        return new ImageSet("tiny", px, new int[] {0, 1}, 1, 3, 4, 2,
                new Normalization(new double[] {0}, new double[] {1.0}));
    }

    @Test
    void normalisesAsToTensorThenNormalize() {
        ImageSet set = tiny().withNormalization(new Normalization(new double[] {0.5}, new double[] {0.25}));
        Batches.Batch b = Batches.sequential(set, 2).get(0);
        assertEquals((1 / 255.0 - 0.5) / 0.25, b.data()[0], 1e-6);
        assertEquals((24 / 255.0 - 0.5) / 0.25, b.data()[23], 1e-6);
        assertArrayEquals(new int[] {0, 1}, b.labels());
    }

    @Test
    void cropAndFlipShiftsMirrorsAndPadsWithZero() {
        // Padding 1: offsets dy, dx in {-1, 0, 1}. Find a draw by replaying the generator.
        byte[] img = new byte[12];
        for (int i = 0; i < 12; i++) {
            img[i] = (byte) (i + 1);
        }
        for (long seed = 0; seed < 50; seed++) {
            Random probe = new Random(seed);
            int dy = probe.nextInt(3) - 1;
            int dx = probe.nextInt(3) - 1;
            boolean flip = probe.nextBoolean();
            byte[] out = img.clone();
            Augmentation.cropAndFlip(1).apply(out, 1, 3, 4, new Random(seed));
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    int sy = y + dy;
                    int sx = (flip ? 3 - x : x) + dx;
                    int expected = sy >= 0 && sy < 3 && sx >= 0 && sx < 4 ? img[sy * 4 + sx] : 0;
                    assertEquals(expected, out[y * 4 + x], "seed " + seed + " at " + y + "," + x);
                }
            }
        }
    }

    /** Ten 1x1x1 images labelled by their index, so that the labels of an epoch show its order. */
    static ImageSet numbered() {
        int[] labels = new int[10];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i;
        }
        return new ImageSet("numbered", new byte[labels.length], labels, 1, 1, 1, labels.length,
                new Normalization(new double[] {0}, new double[] {1.0}));
    }

    static int[] order(Batches epoch) {
        return IntStream.range(0, epoch.count()).flatMap(b -> IntStream.of(epoch.get(b).labels())).toArray();
    }

    @Test
    void theSameSeedGivesTheSameEpoch() {
        ImageSet set = tiny();
        Batches a = Batches.shuffled(set, 1, Augmentation.cropAndFlip(1), new Random(3));
        Batches b = Batches.shuffled(set, 1, Augmentation.cropAndFlip(1), new Random(3));
        for (int i = 0; i < a.count(); i++) {
            assertArrayEquals(a.get(i).data(), b.get(i).data());
        }
        int[] seed3 = order(Batches.shuffled(numbered(), 4, Augmentation.NONE, new Random(3)));
        assertArrayEquals(seed3, order(Batches.shuffled(numbered(), 4, Augmentation.NONE, new Random(3))));
        int[] seed4 = order(Batches.shuffled(numbered(), 4, Augmentation.NONE, new Random(4)));
        assertFalse(Arrays.equals(seed3, seed4), "seeds 3 and 4 both gave " + Arrays.toString(seed3));
    }
}
