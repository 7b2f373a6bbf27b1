package org.mint4j.train;

import org.mint4j.nn.WeightFileException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.SharedData;
import org.mint4j.data.Batches;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSet;
import org.mint4j.nn.Mlp;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.recipe.Recipe;

class TrainingLoopTest {

    static ImageSet train;
    static ImageSet test;

    @BeforeAll
    static void data() {
        EngineSetup.configure(2);
        ImageSet fullTrain = Datasets.load("mnist", SharedData.directory(), true);
        ImageSet fullTest = Datasets.load("mnist", SharedData.directory(), false);
        train = fullTrain.subset(range(3000), "mnist-train-3000");
        test = fullTest.subset(range(1000), "mnist-test-1000");
    }

    static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    static TrainingSchedule schedule(int epochs, double lr) {
        return new TrainingSchedule(epochs, 100, lr, 0.9, true, 1e-4, List.of(2), 0.1);
    }

    static Checkpoint.State train(PrunableNetwork net, NDManager m, Path dir, int epochs, double lr, boolean resume) {
        return TrainingLoop.builder().setNetwork(net, m).setData(train, test).setSchedule(schedule(epochs, lr), 7)
                .setDirectory(dir).optResume(resume).optOutput(new PrintWriter(new StringWriter())).build().run();
    }

    static float[] weights(PrunableNetwork net) {
        return net.namedParameters().values().stream().map(p -> p.getArray().toFloatArray())
                .reduce(new float[0], (a, b) -> {
                    float[] c = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, c, a.length, b.length);
                    return c;
                });
    }

    @Test
    void learnsAndAResumedRunEqualsAnUninterruptedOne(@TempDir Path tmp) {
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp straight = Mlp.paper();
            straight.initialize(m, 7);
            Checkpoint.State full = train(straight, m, tmp.resolve("straight"), 3, 0.1, false);
            assertTrue(full.bestAccuracy() > 0.85, "3 epochs on 3,000 images: " + full.bestAccuracy());

            Mlp first = Mlp.paper();
            first.initialize(m, 7);
            train(first, m, tmp.resolve("interrupted"), 1, 0.1, false);
            // A new process: fresh network, resumed from the checkpoint, run to the same end.
            Mlp resumed = Mlp.paper();
            resumed.initialize(m, 99);
            Checkpoint.State after = train(resumed, m, tmp.resolve("interrupted"), 3, 0.1, true);
            assertEquals(withoutTimes(full.history()), withoutTimes(after.history()));
            assertArrayEquals(weights(straight), weights(resumed));
            assertTrue(Files.exists(tmp.resolve("straight").resolve(TrainingLoop.BEST)));
            assertEquals(3, lines(tmp.resolve("interrupted").resolve(TrainingLoop.LOG)));
        }
    }

    @Test
    void aDivergingRunStopsWithAClearMessageAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) {
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = Mlp.paper();
            net.initialize(m, 7);
            train(net, m, tmp, 1, 0.1, false);
            byte[] good = readAll(tmp.resolve(TrainingLoop.CHECKPOINT));
            // Resume with an absurd learning rate from epoch 1 on: the loss explodes.
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> TrainingLoop.builder().setNetwork(net, m).setData(train, test)
                            .setSchedule(new TrainingSchedule(3, 100, 1e12, 0.9, true, 0.0, List.of(), 1.0), 7)
                            .setDirectory(tmp).optResume(true).optOutput(new PrintWriter(new StringWriter()))
                            .build().run());
            assertTrue(e.getMessage().contains("epoch 2") && e.getMessage().contains("after epoch 1"), e.getMessage());
            assertArrayEquals(good, readAll(tmp.resolve(TrainingLoop.CHECKPOINT)));
        }
    }

    @Test
    void corruptOrTruncatedCheckpointsAreRejectedByName(@TempDir Path tmp) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = Mlp.paper();
            net.initialize(m, 7);
            train(net, m, tmp, 1, 0.1, false);
            Path ckpt = tmp.resolve(TrainingLoop.CHECKPOINT);
            byte[] bytes = Files.readAllBytes(ckpt);
            NesterovSgd sgd = NesterovSgd.builder().setLearningRate(0.1f).build();
            Files.write(ckpt, Arrays.copyOf(bytes, bytes.length - 100));
            WeightFileException t = assertThrows(WeightFileException.class, () -> Checkpoint.load(ckpt, net, sgd, m));
            assertTrue(t.getMessage().contains(ckpt.toString()) && t.getMessage().contains("truncated"), t.getMessage());
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(ckpt, bytes);
            WeightFileException c = assertThrows(WeightFileException.class, () -> Checkpoint.load(ckpt, net, sgd, m));
            assertTrue(c.getMessage().contains("corrupt"), c.getMessage());
            Files.writeString(ckpt, "hello");
            assertTrue(assertThrows(WeightFileException.class, () -> Checkpoint.load(ckpt, net, sgd, m))
                    .getMessage().contains("not a mint4j checkpoint"));
        }
    }

    @Test
    void tapsReturnEachPrunableLayerAndTheSameLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp net = Mlp.paper();
            net.initialize(m, 3);
            Batches.Batch b = Batches.sequential(test, 16).get(0);
            NDArray x = Evaluation.input(m, b);
            ParameterStore store = new ParameterStore(m, false);
            NDList tapped = net.forwardWithTaps(store, x);
            assertEquals(4, tapped.size());
            assertArrayEquals(new long[] {16, 500}, tapped.get(1).getShape().getShape());
            assertArrayEquals(new long[] {16, 300}, tapped.get(2).getShape().getShape());
            assertArrayEquals(new long[] {16, 10}, tapped.get(3).getShape().getShape());
            NDArray logits = net.forward(store, new NDList(x), false).singletonOrThrow();
            assertArrayEquals(logits.toFloatArray(), tapped.get(0).toFloatArray());
            assertArrayEquals(logits.toFloatArray(), tapped.get(3).toFloatArray());
            // Taps are after ReLU.
            assertTrue(tapped.get(1).min().getFloat() >= 0);
            assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"),
                    List.copyOf(net.namedParameters().keySet()));
            assertArrayEquals(new long[] {500, 784}, net.namedParameters().get("fc1.weight").getShape().getShape());
        }
    }

    static List<EpochRecord> withoutTimes(List<EpochRecord> history) {
        return history.stream().map(r -> new EpochRecord(r.epoch(), r.learningRate(), r.loss(), r.trainAccuracy(),
                r.validationAccuracy(), r.testAccuracy(), 0)).toList();
    }

    static long lines(Path p) {
        try {
            return Files.readAllLines(p).stream().filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
