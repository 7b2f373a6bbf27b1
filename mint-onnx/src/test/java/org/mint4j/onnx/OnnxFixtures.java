package org.mint4j.onnx;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Random;
import org.mint4j.util.Checksums;
import org.mint4j.SharedData;

/**
 * The test graphs, exported by scripts/onnx-fixtures.py into target/onnx-fixtures once per build
 * (tests are skipped when Debian's python3-torch is missing), and ONNX Runtime to run them. Public
 * for mint-cli's tests, which run them from mint-cli/target.
 */
public final class OnnxFixtures {

    static final String[] TORCHVISION = {"resnet18-folded", "resnet18-bn", "mobilenet_v2-folded", "mobilenet_v2-bn",
            "vgg11_bn-folded", "vgg11_bn-bn", "googlenet-folded", "googlenet-bn"};

    private static final Path DIR = Paths.get("target", "onnx-fixtures").toAbsolutePath();
    private static final Path PYTHON = Paths.get("/usr/bin/python3");
    private static boolean made;

    private OnnxFixtures() {
    }

    /** The exported model NAME.onnx, e.g. {@code resnet18-bn} or {@code resnet56}. */
    public static synchronized Path model(String name) {
        if (!made) {
            make();
            made = true;
        }
        Path file = DIR.resolve(name + ".onnx");
        assumeTrue(Files.exists(file), "no " + file + " (scripts/onnx-fixtures.py did not make it)");
        return file;
    }

    private static void make() {
        assumeTrue(hasTorch(), "skipped: Debian's python3-torch, python3-torchvision and python3-onnx are not "
                + "installed (apt-get install -y python3-torch python3-torchvision python3-onnx)");
        Path script = Paths.get("..", "scripts", "onnx-fixtures.py").toAbsolutePath().normalize();
        // The fixtures of this version of the script: made again when it changes.
        String version = Checksums.sha256(script);
        Path done = DIR.resolve("done");
        try {
            if (Files.exists(done) && Files.readString(done).equals(version)) {
                return;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + done + ": " + e, e);
        }
        Path resnet56 = SharedData.directory().root().resolve("pretrained").resolve("resnet56-4bfd9763.th");
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), DIR.toString(), "--resnet56",
                    resnet56.toString(), "--done", version).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(script + " failed:\n" + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasTorch() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, torchvision, onnx")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A seeded standard-normal batch [n, 3, 32, 32]. */
    public static float[] batch(int n, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[n * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    /** ONNX Runtime's output for a [n, 3, 32, 32] batch. */
    public static float[][] runtime(Path model, float[] batch, int n) {
        return runtime(model, batch, new long[] {n, 3, 32, 32});
    }

    /** ONNX Runtime's output for a batch of this shape. */
    public static float[][] runtime(Path model, float[] batch, long[] shape) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model.toString(), options);
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), shape);
                    OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
                return (float[][]) result.get(0).getValue();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot run " + model + ": " + e.getMessage(), e);
        }
    }

    /** The largest difference relative to the largest magnitude of {@code expected}. */
    public static double relativeDifference(float[][] actual, float[][] expected) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                diff = Math.max(diff, Math.abs(actual[i][j] - expected[i][j]));
                scale = Math.max(scale, Math.abs(expected[i][j]));
            }
        }
        return diff / scale;
    }
}
