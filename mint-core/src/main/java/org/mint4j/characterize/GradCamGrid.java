package org.mint4j.characterize;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.mint4j.util.AtomicFiles;

/**
 * One PNG grid of Grad-CAM overlays: a row per image; the image, then its map for each network
 * blended over it (red = high), each cell scaled up for viewing.
 */
public final class GradCamGrid {

    private static final int CELL = 128;

    private GradCamGrid() {
    }

    /**
     * @param images bytes [channels][h][w] per image (1 or 3 channels)
     * @param maps per network, per image, the map in [0, 1]
     */
    public static void write(Path file, List<byte[]> images, int channels, int h, int w, List<float[][][]> maps) {
        int cols = 1 + maps.size();
        BufferedImage grid = new BufferedImage(cols * CELL, images.size() * CELL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (int r = 0; r < images.size(); r++) {
            BufferedImage img = toImage(images.get(r), channels, h, w);
            g.drawImage(img, 0, r * CELL, CELL, CELL, null);
            for (int n = 0; n < maps.size(); n++) {
                BufferedImage heat = heat(maps.get(n)[r]);
                int x = (n + 1) * CELL;
                g.drawImage(img, x, r * CELL, CELL, CELL, null);
                g.setComposite(java.awt.AlphaComposite.getInstance(java.awt.AlphaComposite.SRC_OVER, 0.5f));
                g.drawImage(heat, x, r * CELL, CELL, CELL, null);
                g.setComposite(java.awt.AlphaComposite.SrcOver);
            }
        }
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(grid, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(file, out -> out.write(png.toByteArray()));
    }

    private static BufferedImage toImage(byte[] px, int channels, int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int r = px[p] & 0xff;
                int gr = channels == 3 ? px[plane + p] & 0xff : r;
                int b = channels == 3 ? px[2 * plane + p] & 0xff : r;
                img.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return img;
    }

    /** Blue (0) through green to red (1). */
    private static BufferedImage heat(float[][] map) {
        int h = map.length;
        int w = map[0].length;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = Math.max(0f, Math.min(1f, map[y][x]));
                img.setRGB(x, y, Color.HSBtoRGB((1 - v) * 2f / 3f, 1f, 1f));
            }
        }
        return img;
    }
}
