package org.mint4j.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.mint4j.util.IoErrors;

/**
 * Images in one folder per class (the ImageNet layout), JPEG or PNG, decoded when a batch needs
 * them. Classes are the sorted folder names, images the sorted file names, as torchvision's
 * ImageFolder. Evaluation: resize the shorter side to {@code resize}, then a centre crop of
 * {@code size}. Training: a random crop of 8% to 100% of the area and aspect ratio 3/4 to 4/3,
 * resized to {@code size}, mirrored with probability 1/2 (torchvision's RandomResizedCrop and
 * RandomHorizontalFlip).
 */
public final class ImageFolder implements ImageSource {

    private final String name;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;
    private final int size;
    private final int resize;
    private final Normalization normalization;

    private ImageFolder(String name, List<String> classNames, List<Path> files, int[] labels, int size, int resize,
            Normalization normalization) {
        this.name = name;
        this.classNames = classNames;
        this.files = files;
        this.labels = labels;
        this.size = size;
        this.resize = resize;
        this.normalization = normalization;
    }

    /**
     * Lists the folder.
     *
     * @throws DataFileException if it is missing, has no class folders, or a class has no images
     */
    public static ImageFolder open(Path root, int size, int resize, Normalization normalization) {
        if (!Files.isDirectory(root)) {
            throw new DataFileException(root, "missing: expected one folder of JPEG or PNG images per class");
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                List<Path> images;
                try (Stream<Path> s = Files.list(dir)) {
                    images = s.filter(ImageFolder::isImage).sorted().toList();
                }
                if (images.isEmpty()) {
                    throw new DataFileException(dir, "holds no .jpg, .jpeg or .png image");
                }
                for (Path image : images) {
                    files.add(image);
                    labels.add(classes.size());
                }
                classes.add(dir.getFileName().toString());
            }
        } catch (IOException e) {
            throw new DataFileException(root, "cannot be listed (" + IoErrors.describe(e, root) + ")", e);
        }
        if (classes.isEmpty()) {
            throw new DataFileException(root, "has no class folders");
        }
        return new ImageFolder(root.getFileName().toString(), List.copyOf(classes), List.copyOf(files),
                labels.stream().mapToInt(Integer::intValue).toArray(), size, resize, normalization);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png"));
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The image files, in index order. */
    public List<Path> files() {
        return files;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public int classes() {
        return classNames.size();
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public int height() {
        return size;
    }

    @Override
    public int width() {
        return size;
    }

    @Override
    public Normalization normalization() {
        return normalization;
    }

    @Override
    public void load(int index, byte[] out, Random training) {
        Path file = files.get(index);
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be decoded (" + IoErrors.describe(e, file) + ")", e);
        }
        if (image == null) {
            throw new DataFileException(file, "is not a readable JPEG or PNG image");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage cropped;
        boolean flip = false;
        if (training == null) {
            double scale = (double) resize / Math.min(w, h);
            int rw = Math.max(size, (int) Math.round(w * scale));
            int rh = Math.max(size, (int) Math.round(h * scale));
            BufferedImage resized = draw(image, 0, 0, w, h, rw, rh);
            cropped = resized.getSubimage((rw - size) / 2, (rh - size) / 2, size, size);
        } else {
            int[] box = randomResizedCrop(w, h, training);
            cropped = draw(image, box[0], box[1], box[2], box[3], size, size);
            flip = training.nextBoolean();
        }
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = cropped.getRGB(flip ? size - 1 - x : x, y);
                int p = y * size + x;
                out[p] = (byte) (rgb >> 16);
                out[plane + p] = (byte) (rgb >> 8);
                out[2 * plane + p] = (byte) rgb;
            }
        }
    }

    /** torchvision's RandomResizedCrop box {x, y, w, h}: 10 tries, then the centre crop of the clamped ratio. */
    static int[] randomResizedCrop(int w, int h, Random rng) {
        double area = (double) w * h;
        double logLow = Math.log(3.0 / 4);
        double logHigh = Math.log(4.0 / 3);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (0.08 + rng.nextDouble() * (1 - 0.08));
            double ratio = Math.exp(logLow + rng.nextDouble() * (logHigh - logLow));
            int cw = (int) Math.round(Math.sqrt(target * ratio));
            int ch = (int) Math.round(Math.sqrt(target / ratio));
            if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
                return new int[] {rng.nextInt(w - cw + 1), rng.nextInt(h - ch + 1), cw, ch};
            }
        }
        double ratio = (double) w / h;
        int cw = w;
        int ch = h;
        if (ratio < 3.0 / 4) {
            ch = (int) Math.round(w / (3.0 / 4));
        } else if (ratio > 4.0 / 3) {
            cw = (int) Math.round(h * (4.0 / 3));
        }
        return new int[] {(w - cw) / 2, (h - ch) / 2, cw, ch};
    }

    /** The region (x, y, w, h) of {@code src} scaled to tw x th, bilinear, as RGB. */
    private static BufferedImage draw(BufferedImage src, int x, int y, int w, int h, int tw, int th) {
        BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, tw, th, x, y, x + w, y + h, null);
        g.dispose();
        return out;
    }
}
