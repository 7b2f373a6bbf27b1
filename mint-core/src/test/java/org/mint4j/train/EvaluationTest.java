package org.mint4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mint4j.SharedData;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSet;
import org.mint4j.data.ImageSubset;
import org.mint4j.data.Normalization;
import org.mint4j.nn.CifarResNet;
import org.mint4j.nn.PytorchWeights;

/**
 * An evaluation's batch size is free: the pretrained ResNet-20's logits on real CIFAR-10 test
 * images are the same bits in batches of {@link Evaluation#BATCH} as in one batch of 1,000 (the
 * size every result before 8 Dec 2026 was measured with).
 */
class EvaluationTest {

    static ImageSet test;

    @BeforeAll
    static void data() {
        EngineSetup.configure(2);
        test = Datasets.load("cifar10", SharedData.directory(), false).withNormalization(Normalization.IMAGENET);
    }

    @Test
    void logitsDoNotDependOnTheBatchSize() {
        ImageSubset images = new ImageSubset(test, IntStream.range(0, 1000).toArray(), "the first 1,000 test images");
        try (NDManager m = NDManager.newBaseManager()) {
            CifarResNet net = new CifarResNet(20);
            net.initialize(m, 0);
            PytorchWeights.load(net, SharedData.directory().root().resolve("pretrained").resolve("resnet20.safetensors"));
            float[] whole = logits(net, images, m, 1000);
            float[] batched = logits(net, images, m, Evaluation.BATCH);
            assertEquals(10_000, whole.length);
            assertArrayEquals(whole, batched);
        }
    }

    private static float[] logits(CifarResNet net, ImageSubset images, NDManager m, int batch) {
        List<float[]> parts = new ArrayList<>();
        Evaluation.forEachBatch(net, images, m, batch, (b, logits) -> parts.add(logits.toFloatArray()));
        float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
