package org.mint4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Which CPU kernels the engine runs: reproducible ones, the same numerical paths on every x86-64
 * CPU with AVX2 (so a seed and a thread count give the same digits on any such machine), or the
 * fastest the CPU has. The libraries inside PyTorch choose once, when they load, from environment
 * variables; a JVM cannot set those for itself, so the launcher, the test JVMs and Spark's executors
 * set them from {@value #RESOURCE}, and this class reads back what the process got.
 */
public final class Kernels {

    /** The pinning environment, one {@code NAME=VALUE} a line, beside this class. */
    public static final String RESOURCE = "reproducible-kernels.env";

    private static final Map<String, String> PINNED = load();

    private Kernels() {
    }

    /** The variables, and their values, that make the kernels reproducible. */
    public static Map<String, String> environment() {
        return PINNED;
    }

    /** Whether this process started with every variable of {@link #environment()} set to its value. */
    public static boolean reproducible() {
        return PINNED.entrySet().stream().allMatch(e -> Objects.equals(System.getenv(e.getKey()), e.getValue()));
    }

    /** "reproducible (MKL_CBWR=AVX2,STRICT ...)" or "fast", for provenance and run headers. */
    public static String describe() {
        return reproducible() ? "reproducible (" + assignments() + ")" : "fast";
    }

    /** The variables as shell assignments, "MKL_CBWR=AVX2,STRICT ATEN_CPU_CAPABILITY=avx2 ...". */
    public static String assignments() {
        return PINNED.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** Largest difference {@link #convolutionError} may show between correct kernels (float rounding). */
    public static final float CONVOLUTION_TOLERANCE = 1e-4f;

    /**
     * How far convs over 11, 12 and 34 input channels (off the 8- and 16-wide vector blocks) are
     * from the same convs over 48 channels, the extra ones weighted zero: the largest absolute
     * difference, NaN if either is NaN. Compaction relies on the two being equal up to rounding.
     */
    public static float convolutionError(Engine engine) {
        float worst = 0f;
        try (NDManager m = engine.newBaseManager()) {
            Random rng = new Random(1);
            Shape one = new Shape(1, 1);
            for (int in : new int[] {11, 12, 34}) {
                NDArray xFull = gaussian(m, rng, new Shape(4, 48, 16, 16));
                NDArray x = xFull.get(new NDIndex(":, 0:" + in)).duplicate();
                NDArray w = gaussian(m, rng, new Shape(32, in, 3, 3));
                NDArray padded = m.zeros(new Shape(32, 48, 3, 3));
                padded.set(new NDIndex(":, 0:" + in), w);
                NDArray y = Conv2d.conv2d(x, w, null, one, one, one, 1).singletonOrThrow();
                NDArray yPadded = Conv2d.conv2d(xFull, padded, null, one, one, one, 1).singletonOrThrow();
                float error = y.sub(yPadded).abs().max().getFloat();
                if (Float.isNaN(error) || error > worst) {
                    worst = error;
                }
                if (Float.isNaN(worst)) {
                    break;
                }
            }
        }
        return worst;
    }

    private static NDArray gaussian(NDManager m, Random rng, Shape shape) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return m.create(v, shape);
    }

    private static Map<String, String> load() {
        Map<String, String> env = new LinkedHashMap<>();
        try (InputStream in = Objects.requireNonNull(Kernels.class.getResourceAsStream(RESOURCE), RESOURCE);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    int eq = line.indexOf('=');
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from mint4j's jar", e);
        }
        return Collections.unmodifiableMap(env);
    }
}
