package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.train.Kernels;

/**
 * The demo's training, one epoch at its full size, on this CPU and on this CPU limited to AVX2
 * (each library's own ISA limit, and HotSpot's {@code -XX:UseAVX=2}): with the reproducible kernels
 * the losses and the weights digest are the same. With the fast ones they differ where this CPU
 * has AVX-512, which shows that the limits reach the engine.
 */
class KernelsAcrossCpusTest {

    /** What an AVX2-only CPU would give each library and the JVM. */
    private static final Map<String, String> AVX2_LIMITS = Map.of("ATEN_CPU_CAPABILITY", "avx2",
            "ONEDNN_MAX_CPU_ISA", "AVX2", "MKL_ENABLE_INSTRUCTIONS", "AVX2");

    record Training(String log, String weightsDigest) {
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void reproducibleKernelsGiveTheSameTrainingOnAvx2AsOnThisCpu(@TempDir Path tmp) throws Exception {
        Training here = train(tmp.resolve("here"), true, false);
        Training avx2 = train(tmp.resolve("avx2"), true, true);
        assertEquals(here, avx2, "reproducible kernels, this CPU against AVX2");
    }

    /** The other side: without the pinning, the limits do change the digits, so they reach the engine. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void fastKernelsDifferOnAvx2FromThisCpusAvx512(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512f"),
                "this CPU has no AVX-512: the fast kernels are AVX2 ones already");
        Assumptions.assumeTrue(fastKernelsStart(false) && fastKernelsStart(true),
                "this CPU's fast convolutions are wrong, so mint refuses them (checked by EngineSetup)");
        Training fastHere = train(tmp.resolve("fast-here"), false, false);
        Training fastAvx2 = train(tmp.resolve("fast-avx2"), false, true);
        assertNotEquals(fastHere, fastAvx2, "fast kernels, this CPU against AVX2: the limits changed nothing");
    }

    @Test
    void withoutTheEnvironmentACommandStopsBeforeTheEngineStarts(@TempDir Path tmp) throws Exception {
        ProcessBuilder pb = MintProcess.builder(List.of(), List.of("train", "--recipe", "mnist-mlp-demo", "--epochs",
                "1", "--out", tmp.resolve("run").toString(), "--data", MintCliTest.shared("data").toString()));
        Kernels.environment().keySet().forEach(pb.environment()::remove);
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(2, p.waitFor(), output);
        assertTrue(output.contains("error: reproducible kernels need " + Kernels.assignments()), output);
        assertTrue(output.contains("--fast-kernels"), output);
        assertFalse(Files.exists(tmp.resolve("run/train-log.jsonl")), "an epoch ran");
    }

    /** Whether mint starts its engine with fast kernels here, or refuses them as computing convolutions wrongly. */
    private static boolean fastKernelsStart(boolean avx2) throws IOException, InterruptedException {
        ProcessBuilder pb = MintProcess.builder(avx2 ? List.of("-XX:UseAVX=2") : List.of(),
                List.of("info", "--recipe", "mnist-mlp-demo", "--fast-kernels"));
        Kernels.environment().keySet().forEach(pb.environment()::remove);
        if (avx2) {
            pb.environment().putAll(AVX2_LIMITS);
        }
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        int exit = p.waitFor();
        assertTrue(exit == 0 || exit == 2 && output.contains("compute convolutions wrongly on this CPU"), output);
        return exit == 0;
    }

    private static Training train(Path out, boolean reproducible, boolean avx2) throws IOException,
            InterruptedException {
        List<String> args = new ArrayList<>(List.of("train", "--recipe", "mnist-mlp-demo", "--epochs", "1",
                "--threads", "2", "--out", out.toString(), "--data", MintCliTest.shared("data").toString()));
        if (!reproducible) {
            args.add("--fast-kernels");
        }
        ProcessBuilder pb = MintProcess.builder(avx2 ? List.of("-XX:UseAVX=2") : List.of(), args);
        Map<String, String> env = pb.environment();
        // This JVM runs with the reproducible environment (pom.xml); a fast run starts without it.
        Kernels.environment().keySet().forEach(env::remove);
        if (avx2) {
            env.putAll(AVX2_LIMITS);
        }
        if (reproducible) {
            env.putAll(Kernels.environment());
        }
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals(0, p.waitFor(), "mint " + String.join(" ", args));
        String log = Files.readString(out.resolve("train-log.jsonl")).replaceAll("\"seconds\":[0-9.E-]+", "");
        return new Training(log, Files.readString(out.resolve("best.params.sha256")).strip());
    }
}
