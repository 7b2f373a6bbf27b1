package org.mint4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    /** A 512 x 256 image whose red channel is x / 2 and green channel y. */
    static BufferedImage gradient() {
        BufferedImage img = new BufferedImage(512, 256, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 512; x++) {
                img.setRGB(x, y, ((x / 2) << 16) | (y << 8));
            }
        }
        return img;
    }

    static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    static Path folder(Path root) throws IOException {
        Files.createDirectories(root.resolve("zebra"));
        Files.createDirectories(root.resolve("apple"));
        ImageIO.write(gradient(), "png", root.resolve("apple/b.png").toFile());
        ImageIO.write(solid(300, 260, 0xFF0000), "png", root.resolve("apple/a.PNG").toFile());
        ImageIO.write(solid(256, 400, 0x0000FF), "jpg", root.resolve("zebra/x.jpg").toFile());
        Files.writeString(root.resolve("zebra/notes.txt"), "not an image");
        return root;
    }

    @Test
    void listsClassesAndImagesInSortedOrder(@TempDir Path tmp) throws IOException {
        ImageFolder f = ImageFolder.open(folder(tmp), 224, 256, Normalization.IMAGENET);
        assertEquals(List.of("apple", "zebra"), f.classNames());
        assertEquals(3, f.size());
        assertEquals(List.of("a.PNG", "b.png", "x.jpg"), f.files().stream().map(p -> p.getFileName().toString()).toList());
        assertArrayEquals(new int[] {0, 0, 1}, new int[] {f.label(0), f.label(1), f.label(2)});
        assertArrayEquals(new int[] {2, 1}, f.classCounts());
    }

    @Test
    void evaluationResizesTheShorterSideThenCropsTheCentre(@TempDir Path tmp) throws IOException {
        ImageFolder f = ImageFolder.open(folder(tmp), 224, 256, Normalization.IMAGENET);
        byte[] out = new byte[3 * 224 * 224];
        f.load(1, out, null);
        // 512 x 256 is already 256 on its shorter side; the crop starts at x = 144, y = 16.
        int plane = 224 * 224;
        assertEquals(72, out[0] & 0xff, 1.0);
        assertEquals(16, out[plane] & 0xff, 1.0);
        assertEquals((144 + 223) / 2, out[223] & 0xff, 1.0);
        assertEquals(16 + 223, out[plane + 223 * 224] & 0xff, 1.0);
        f.load(2, out, null);
        assertTrue((out[2 * plane + 5000] & 0xff) > 240 && (out[5000] & 0xff) < 15, "blue JPEG stays blue");
    }

    @Test
    void trainingCropsStayInsideAndRepeatForTheSameSeed(@TempDir Path tmp) throws IOException {
        ImageFolder f = ImageFolder.open(folder(tmp), 224, 256, Normalization.IMAGENET);
        byte[] a = new byte[3 * 224 * 224];
        byte[] b = new byte[3 * 224 * 224];
        f.load(1, a, new Random(5));
        f.load(1, b, new Random(5));
        assertArrayEquals(a, b);
        Random rng = new Random(1);
        for (int i = 0; i < 200; i++) {
            int[] box = ImageFolder.randomResizedCrop(512, 256, rng);
            assertTrue(box[0] >= 0 && box[1] >= 0 && box[0] + box[2] <= 512 && box[1] + box[3] <= 256);
            double area = (double) box[2] * box[3] / (512 * 256);
            assertTrue(area >= 0.07 && area <= 1.0, "area " + area);
        }
        Batches.Batch batch = Batches.shuffled(f, 3, Augmentation.NONE, new Random(2)).get(0);
        assertEquals(3 * 3 * 224 * 224, batch.data().length);
    }

    @Test
    void aBrokenImageOrEmptyClassIsNamed(@TempDir Path tmp) throws IOException {
        folder(tmp);
        Files.writeString(tmp.resolve("zebra/y.jpg"), "not really a jpeg");
        ImageFolder f = ImageFolder.open(tmp, 224, 256, Normalization.IMAGENET);
        DataFileException e = assertThrows(DataFileException.class, () -> f.load(3, new byte[3 * 224 * 224], null));
        assertTrue(e.getMessage().contains("y.jpg"), e.getMessage());
        Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(DataFileException.class, () -> ImageFolder.open(tmp, 224, 256, Normalization.IMAGENET));
        assertTrue(e.getMessage().contains("empty") && e.getMessage().contains("no .jpg"), e.getMessage());
    }
}
