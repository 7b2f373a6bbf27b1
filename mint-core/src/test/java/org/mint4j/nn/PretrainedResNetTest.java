package org.mint4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.SharedData;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSet;
import org.mint4j.data.Normalization;
import org.mint4j.nn.WeightFileException;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.Evaluation;

/** The pretrained CIFAR ResNets measure in Java what they measure in PyTorch. */
class PretrainedResNetTest {

    static ImageSet test;

    @BeforeAll
    static void data() {
        EngineSetup.configure(2);
        test = Datasets.load("cifar10", SharedData.directory(), false).withNormalization(Normalization.IMAGENET);
    }

    static Path pretrained(String name) {
        return SharedData.directory().root().resolve("pretrained").resolve(name + ".safetensors");
    }

    static double accuracy(int depth) {
        try (NDManager m = NDManager.newBaseManager()) {
            CifarResNet net = new CifarResNet(depth);
            net.initialize(m, 0);
            PytorchWeights.load(net, pretrained("resnet" + depth));
            return Evaluation.accuracy(net, test, m);
        }
    }

    @Test
    void resnet20Measures9173() {
        assertEquals(9173, Math.round(accuracy(20) * 10_000));
    }

    @Test
    void resnet56Measures9339() {
        assertEquals(9339, Math.round(accuracy(56) * 10_000));
    }

    @Test
    void namesShapesAndCountsMatchTheTensorList() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            CifarResNet net = new CifarResNet(56);
            net.initialize(m, 0);
            Map<String, Safetensors.Tensor> file = Safetensors.read(pretrained("resnet56"));
            assertEquals(file.keySet().stream().toList(), net.namedParameters().keySet().stream().toList());
            long floats = net.namedParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            assertEquals(857_082, floats);
            assertEquals(55 + 1, net.prunableLayers().size());
        }
    }

    @Test
    void exportReadsBackWithTheSameNamesShapesAndValues(@TempDir Path tmp) {
        try (NDManager m = NDManager.newBaseManager()) {
            CifarResNet net = new CifarResNet(20);
            net.initialize(m, 0);
            PytorchWeights.load(net, pretrained("resnet20"));
            Path out = tmp.resolve("out.safetensors");
            Safetensors.write(out, PytorchWeights.export(net), Map.of("source", "test"));
            Map<String, Safetensors.Tensor> original = Safetensors.read(pretrained("resnet20"));
            Map<String, Safetensors.Tensor> back = Safetensors.read(out);
            assertEquals(original.keySet(), back.keySet());
            original.forEach((name, t) -> {
                assertArrayEquals(t.shape(), back.get(name).shape(), name);
                assertArrayEquals(t.values(), back.get(name).values(), name);
            });
        }
    }

    @Test
    void aMismatchedOrTruncatedFileNamesTheTensor(@TempDir Path tmp) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            CifarResNet net = new CifarResNet(20);
            net.initialize(m, 0);
            Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>(Safetensors.read(pretrained("resnet20")));
            tensors.put("linear.bias", new Safetensors.Tensor(new long[] {11}, new float[11]));
            Path bad = tmp.resolve("bad.safetensors");
            Safetensors.write(bad, tensors, Map.of());
            WeightFileException e = assertThrows(WeightFileException.class, () -> PytorchWeights.load(net, bad));
            assertTrue(e.getMessage().contains("'linear.bias'") && e.getMessage().contains("[11]"), e.getMessage());
            tensors.remove("linear.bias");
            Safetensors.write(bad, tensors, Map.of());
            e = assertThrows(WeightFileException.class, () -> PytorchWeights.load(net, bad));
            assertTrue(e.getMessage().contains("no tensor 'linear.bias'"), e.getMessage());
            byte[] good = Files.readAllBytes(pretrained("resnet20"));
            Files.write(bad, java.util.Arrays.copyOf(good, good.length - 1000));
            e = assertThrows(WeightFileException.class, () -> PytorchWeights.load(net, bad));
            assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
        }
    }
}
