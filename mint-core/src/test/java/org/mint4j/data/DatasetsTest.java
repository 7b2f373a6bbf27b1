package org.mint4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.SharedData;

class DatasetsTest {

    @Test
    void mnistHasThePublishedShapesAndLabelHistograms() {
        ImageSet train = Datasets.load("mnist", SharedData.directory(), true);
        ImageSet test = Datasets.load("mnist", SharedData.directory(), false);
        assertEquals(60_000, train.size());
        assertEquals(784, train.imageBytes());
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, train.classCounts());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, test.classCounts());
    }

    @Test
    void fashionMnistFromDebiansPackageHas6000And1000PerClass() {
        // ./test installs Debian's dataset-fashion-mnist; the loader finds it when the data
        // directory has no fashion-mnist folder.
        ImageSet train = Datasets.load("fashion-mnist", SharedData.directory(), true);
        ImageSet test = Datasets.load("fashion-mnist", SharedData.directory(), false);
        int[] sixThousand = new int[10];
        Arrays.fill(sixThousand, 6000);
        int[] thousand = new int[10];
        Arrays.fill(thousand, 1000);
        assertArrayEquals(sixThousand, train.classCounts());
        assertArrayEquals(thousand, test.classCounts());
    }

    @Test
    void cifar10HasThePublishedLabelsAndMean() {
        ImageSet train = Datasets.load("cifar10", SharedData.directory(), true);
        ImageSet test = Datasets.load("cifar10", SharedData.directory(), false);
        assertEquals(50_000, train.size());
        assertArrayEquals(new int[] {6, 9, 9, 4, 1, 1, 2, 7, 8, 3}, Arrays.copyOf(labels(train), 10));
        assertArrayEquals(new int[] {3, 8, 8, 0, 6, 6, 1, 6, 3, 1}, Arrays.copyOf(labels(test), 10));
        int[] expected = new int[10];
        Arrays.fill(expected, 5000);
        assertArrayEquals(expected, train.classCounts());
        // The widely used per-channel mean of the training pixels.
        double red = 0;
        for (int i = 0; i < train.size(); i++) {
            for (int p = 0; p < 1024; p++) {
                red += train.pixels()[i * 3072 + p] & 0xff;
            }
        }
        assertEquals(125.306918046875, red / (50_000.0 * 1024), 1e-9);
    }

    @Test
    void aTruncatedFileIsNamedInTheError(@TempDir Path tmp) throws IOException {
        DataDirectory shared = SharedData.directory();
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        for (String f : new String[] {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            Files.copy(shared.root().resolve("mnist").resolve(f), dir.resolve(f));
        }
        byte[] images = Files.readAllBytes(dir.resolve("t10k-images-idx3-ubyte.gz"));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Arrays.copyOf(images, images.length / 2));
        DataFileException e = assertThrows(DataFileException.class,
                () -> Datasets.load("mnist", DataDirectory.of(tmp), false));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz") && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void aCorruptFileIsNamedInTheError(@TempDir Path tmp) throws IOException {
        DataDirectory shared = SharedData.directory();
        Path dir = Files.createDirectories(tmp.resolve("cifar10"));
        byte[] batch = Files.readAllBytes(shared.root().resolve("cifar10/test_batch.bin"));
        batch[12345] ^= 1;
        Files.write(dir.resolve("test_batch.bin"), batch);
        DataFileException e = assertThrows(DataFileException.class,
                () -> Datasets.load("cifar10", DataDirectory.of(tmp), false));
        assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains("corrupt"), e.getMessage());
        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(batch, 3073 * 9999));
        e = assertThrows(DataFileException.class, () -> Datasets.load("cifar10", DataDirectory.of(tmp), false));
        assertTrue(e.getMessage().contains("30726927 bytes, expected 30730000"), e.getMessage());
    }

    @Test
    void aMissingFileNamesTheFileAndHowToSetTheDirectory(@TempDir Path tmp) {
        DataFileException e = assertThrows(DataFileException.class,
                () -> Datasets.load("mnist", DataDirectory.of(tmp), true));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains("MINT_DATA"),
                e.getMessage());
    }

    @Test
    void rawIdxFilesAreReadLikeCompressedOnes(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        for (String f : new String[] {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            try (var in = new java.util.zip.GZIPInputStream(
                    Files.newInputStream(SharedData.directory().root().resolve("mnist").resolve(f + ".gz")))) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        ImageSet raw = Datasets.load("mnist", DataDirectory.of(tmp), false);
        ImageSet gz = Datasets.load("mnist", SharedData.directory(), false);
        assertArrayEquals(gz.pixels(), raw.pixels());
        assertArrayEquals(labels(gz), labels(raw));
    }

    static int[] labels(ImageSet s) {
        int[] out = new int[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.label(i);
        }
        return out;
    }
}
