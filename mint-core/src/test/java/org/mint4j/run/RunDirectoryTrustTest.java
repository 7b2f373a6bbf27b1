package org.mint4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.SharedData;
import org.mint4j.nn.WeightFileException;
import org.mint4j.prune.LayerPair;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.RecipeException;
import org.mint4j.util.Checksums;

/** Stale stages are refused or redone, weight files are verified, recipes are checked before any work. */
class RunDirectoryTrustTest {

    @TempDir
    static Path shared;
    static Path trained;

    @BeforeAll
    static void trainOnce() throws IOException {
        trained = shared.resolve("trained");
        train(PruningPipelineTest.tiny(), trained, 2, false);
    }

    private static TrainingJob.Result train(Recipe recipe, Path dir, int threads, boolean allowOtherThreads) {
        return TrainingJob.run(recipe, SharedData.directory(), RunDirectory.at(dir), threads, allowOtherThreads,
                List.of("test"), new PrintWriter(Writer.nullWriter()));
    }

    private static Path copyOfTrained(Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        try (Stream<Path> files = Files.walk(trained)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(trained.relativize(f).toString()));
            }
        }
        return dir;
    }

    @Test
    void aBaselineOfOtherSettingsIsRefusedNamingTheSettingAndRedoneWhenAsked(@TempDir Path tmp) throws IOException {
        Path dir = copyOfTrained(tmp);
        Recipe twoEpochs = PruningPipelineTest.tiny().withEpochs(2);
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> train(twoEpochs, dir, 2, false));
        assertTrue(e.getMessage().contains("stage train") && e.getMessage().contains("epochs=1")
                && e.getMessage().contains("epochs=2") && e.getMessage().contains("--redo train")
                && e.getMessage().contains("another --out"), e.getMessage());

        PruningPipeline.redo(RunDirectory.at(dir), "train");
        assertFalse(Files.exists(RunDirectory.at(dir).best()), "--redo train removes the baseline");
        assertEquals(2, train(twoEpochs, dir, 2, false).epochs());
    }

    @Test
    void anotherThreadCountIsRefusedUnlessAllowed(@TempDir Path tmp) throws IOException {
        Path dir = copyOfTrained(tmp);
        RunDirectoryException e = assertThrows(RunDirectoryException.class,
                () -> train(PruningPipelineTest.tiny(), dir, 1, false));
        assertTrue(e.getMessage().contains("threads = 2") && e.getMessage().contains("threads = 1")
                && e.getMessage().contains("--allow-other-threads"), e.getMessage());
        assertEquals(1, train(PruningPipelineTest.tiny(), dir, 1, true).epochs(), "allowed: the finished baseline");
    }

    @Test
    void aDamagedWeightFileIsOneErrorNamingBothDigests(@TempDir Path tmp) throws IOException {
        Path dir = copyOfTrained(tmp);
        RunDirectory run = RunDirectory.at(dir);
        String before = Checksums.sha256(run.best());
        byte[] bytes = Files.readAllBytes(run.best());
        bytes[bytes.length - 5] ^= 0x40; // one bit of the last weight
        Files.write(run.best(), bytes);
        try (NDManager m = NDManager.newBaseManager()) {
            WeightFileException e = assertThrows(WeightFileException.class, () -> run.loadBaseline(m));
            assertTrue(e.getMessage().contains(before) && e.getMessage().contains(Checksums.sha256(run.best()))
                    && e.getMessage().contains("--redo"), e.getMessage());
        }
    }

    @Test
    void aPretrainedFileIsCheckedAgainstTheRecipesDigestBeforeUse(@TempDir Path tmp) throws IOException {
        Path weights = tmp.resolve("mlp.safetensors");
        Files.write(weights, new byte[] {1, 2, 3});
        Recipe tiny = PruningPipelineTest.tiny();
        Recipe pretrained = new Recipe(tiny.name(), tiny.description(), tiny.seed(), new Recipe.Model("mlp",
                weights.toString(), "0".repeat(64), null, null), tiny.dataset(), tiny.train(), tiny.mint());
        WeightFileException e = assertThrows(WeightFileException.class, () -> train(pretrained, tmp.resolve("run"), 2,
                false));
        assertTrue(e.getMessage().contains(Checksums.sha256(weights)) && e.getMessage().contains("0".repeat(64))
                && e.getMessage().contains("model.pretrained_sha256"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("run")), "nothing written");
    }

    @Test
    void theRecipeIsCheckedAgainstTheNetworkBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Recipe tiny = PruningPipelineTest.tiny();
        List<Object[]> cases = List.of(
                new Object[] {new LayerPair("fc1", "fc9", 10, 5), "mint.pairs[0].child = fc9"},
                new Object[] {new LayerPair("fc1", "fc2", 600, 5), "mint.pairs[0].parent_groups = 600"},
                new Object[] {new LayerPair("fc1", "fc2", 10, 400), "mint.pairs[0].child_groups = 400"},
                new Object[] {new LayerPair("fc1", "fc3", 10, 2), "mint.pairs[0] = fc1 -> fc3"});
        for (Object[] c : cases) {
            Recipe bad = tiny.withPruning(tiny.mint().withSetting(List.of((LayerPair) c[0]), tiny.mint().gamma(),
                    tiny.mint().criteria()));
            Path dir = tmp.resolve("run" + c[1].hashCode());
            RecipeException e = assertThrows(RecipeException.class,
                    () -> PruningPipelineTest.pipeline(bad, dir, new StringWriter()));
            assertTrue(e.getMessage().contains((String) c[1]) && e.getMessage().contains("tiny-pipeline"),
                    e.getMessage());
            assertFalse(Files.exists(dir), "nothing written for " + c[1]);
        }
        Recipe subset = tiny.withDataset(new Recipe.Dataset("mnist", "none", null, 10, null, tiny.dataset().validationPerClass()));
        RecipeException e = assertThrows(RecipeException.class,
                () -> PruningPipelineTest.pipeline(subset, tmp.resolve("subset"), new StringWriter()));
        assertTrue(e.getMessage().contains("mint.samples_per_class = 20") && e.getMessage().contains(
                "train_per_class = 10"), e.getMessage());
    }
}
