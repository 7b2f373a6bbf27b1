package org.mint4j.characterize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mint4j.nn.CamNetwork;
import org.mint4j.nn.CifarResNet;
import org.mint4j.nn.PrunableLayer;
import org.mint4j.train.EngineSetup;

class GradCamTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(1);
    }

    /** Features = the input; head = channel means times a fixed 2 x 2 matrix. The answer is known. */
    static final class Known implements CamNetwork {
        private final NDManager manager;

        Known(NDManager manager) {
            this.manager = manager;
        }

        @Override
        public NDArray features(ParameterStore store, NDArray input) {
            return input;
        }

        @Override
        public NDArray head(ParameterStore store, NDArray features) {
            NDArray means = features.reshape(features.getShape().get(0), 2, -1).mean(new int[] {2});
            NDArray w = manager.create(new float[] {1, -1, -1, 2}, new Shape(2, 2));
            return means.matMul(w.transpose());
        }

        @Override
        public String architecture() {
            return "known";
        }

        @Override
        public Block block() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Shape sampleShape() {
            return new Shape(2, 4, 4);
        }

        @Override
        public List<PrunableLayer> prunableLayers() {
            return List.of();
        }

        @Override
        public Map<String, Parameter> namedParameters() {
            return Map.of();
        }

        @Override
        public NDList forwardWithTaps(ParameterStore store, NDArray input) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void initialize(NDManager m, long seed) {
        }
    }

    @Test
    void highlightsTheRegionOfTheChannelThatRaisesTheClassScore() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] a = new float[2 * 16];
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    a[y * 4 + x] = 1f;                 // channel 0: top-left
                    a[16 + (y + 2) * 4 + (x + 2)] = 1f; // channel 1: bottom-right
                }
            }
            NDArray input = m.create(a, new Shape(1, 2, 4, 4));
            float[][] class0 = GradCam.maps(new Known(m), input, new int[] {0}, m)[0];
            float[][] class1 = GradCam.maps(new Known(m), input, new int[] {1}, m)[0];
            assertArrayEquals(new float[] {1, 1, 0, 0}, class0[0]);
            assertArrayEquals(new float[] {0, 0, 0, 0}, class0[3]);
            assertArrayEquals(new float[] {0, 0, 1, 1}, class1[3]);
            assertArrayEquals(new float[] {0, 0, 0, 0}, class1[0]);
        }
    }

    @Test
    void mapsOfAResNetAreInTheUnitRangeAtFeatureResolution() throws java.io.IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            CifarResNet net = new CifarResNet(20);
            net.initialize(m, 1);
            float[] x = new float[2 * 3 * 32 * 32];
            java.util.Random rng = new java.util.Random(4);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            NDArray input = m.create(x, new Shape(2, 3, 32, 32));
            float[][][] maps = GradCam.maps(net, input, GradCam.predicted(net, input, m), m);
            assertEquals(2, maps.length);
            assertEquals(8, maps[0].length);
            assertEquals(8, maps[0][0].length);
            for (float[][] map : maps) {
                for (float[] row : map) {
                    for (float v : row) {
                        assertTrue(v >= 0f && v <= 1f);
                    }
                }
            }
            java.nio.file.Path png = java.nio.file.Files.createTempFile("gradcam", ".png");
            byte[] img = new byte[3 * 32 * 32];
            GradCamGrid.write(png, List.of(img, img), 3, 32, 32, List.of(maps, maps));
            java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(png.toFile());
            assertEquals(3 * 128, grid.getWidth());
            assertEquals(2 * 128, grid.getHeight());
            java.nio.file.Files.delete(png);
            NDArray logits = net.head(new ParameterStore(m, false), net.features(new ParameterStore(m, false), input));
            assertArrayEquals(net.forward(new ParameterStore(m, false), new NDList(input), false).singletonOrThrow()
                    .toFloatArray(), logits.toFloatArray(), 1e-5f);
        }
    }
}
