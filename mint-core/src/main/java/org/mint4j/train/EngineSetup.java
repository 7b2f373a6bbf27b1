package org.mint4j.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;
import org.mint4j.gmi.Parallel;

/**
 * Configures the PyTorch engine before its first use: thread counts and offline mode (the CPU
 * natives come from the pytorch-native-cpu jar on the classpath; nothing is downloaded).
 */
public final class EngineSetup {

    /** The thread count of the first configuration: the engine reads it once, when it starts. */
    private static volatile int started;
    /** Whether {@link #configure} refuses an engine whose kernels are not pinned (the command line's default). */
    private static volatile boolean requireReproducibleKernels;
    private static boolean convolutionsChecked;

    private EngineSetup() {
    }

    /** Intra-op threads the engine of this process runs with (0 before it is configured). */
    public static int threads() {
        return started;
    }

    /**
     * Makes {@link #configure} refuse to start the engine with fast kernels (see {@link Kernels}):
     * a command that promises reproducible digits stops before computing other ones.
     */
    public static void requireReproducibleKernels(boolean require) {
        requireReproducibleKernels = require;
    }

    /**
     * Sets intra-op threads ({@code threads}, or all cores if 0) and one inter-op thread.
     *
     * @throws KernelsException when reproducible kernels are required and this process
     *     did not start with their environment
     */
    public static Engine configure(int threads) {
        if (requireReproducibleKernels && !Kernels.reproducible()) {
            throw new KernelsException("reproducible kernels need " + Kernels.assignments()
                    + " in the environment before Java starts (the ./mint launcher sets them); set them, or pass "
                    + "--fast-kernels for the CPU's fastest kernels, whose digits depend on the CPU");
        }
        int n = Parallel.threadsOrCores(threads);
        synchronized (EngineSetup.class) {
            if (started == 0) {
                started = n;
            }
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        Engine engine = Engine.getEngine("PyTorch");
        checkConvolutionsOnce(engine);
        return engine;
    }

    /**
     * Stops before any work when this CPU's convolution kernels compute wrong values (see
     * {@link Kernels#convolutionError}): seen with oneDNN's AVX, AVX2 and AVX-512 kernels on a
     * virtual AMD EPYC, for input channel counts off their vector block, as compacted networks have.
     */
    private static synchronized void checkConvolutionsOnce(Engine engine) {
        if (convolutionsChecked) {
            return;
        }
        float error = Kernels.convolutionError(engine);
        if (!(error < Kernels.CONVOLUTION_TOLERANCE)) {
            throw new KernelsException("the engine's " + (Kernels.reproducible() ? "reproducible" : "fast")
                    + " kernels compute convolutions wrongly on this CPU (a conv over channels off the vector "
                    + "block is off by " + error + " from the same conv zero-padded)" + (Kernels.reproducible()
                            ? "; please report it with this CPU's model"
                            : "; run without --fast-kernels (the reproducible kernels' convolutions use SSE4.1 "
                                    + "only)"));
        }
        convolutionsChecked = true;
    }

    /**
     * Readies the calling thread for the engine. PyTorch keeps its grad mode per thread, and DJL
     * turns it off only on the thread that starts the engine (gradient collectors turn it on and
     * off again); any other thread that trains or evaluates, such as an executor's task thread,
     * must start the same way.
     */
    private static void prepareThread() {
        JniUtils.setGradMode(false);
    }

    /**
     * Runs work that trains, alone in this process. DJL's PyTorch gradient collector is one per
     * process (a static flag), and opening it walks every array of the engine, which another
     * thread's engine work may be releasing at that moment: units that train in one JVM (Spark
     * tasks of local[N], or of an executor with several task slots) take turns.
     */
    public static <T> T exclusively(Supplier<T> work) {
        synchronized (EngineSetup.class) {
            prepareThread();
            return work.get();
        }
    }

    /** "PyTorch 2.7.1 (DJL 0.35.1), reproducible kernels" (or "fast kernels"). */
    public static String describe() {
        Engine e = Engine.getEngine("PyTorch");
        return e.getEngineName() + " " + e.getVersion() + " (DJL " + Engine.getDjlVersion() + "), "
                + (Kernels.reproducible() ? "reproducible" : "fast") + " kernels";
    }
}
