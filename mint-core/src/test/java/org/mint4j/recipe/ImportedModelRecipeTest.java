package org.mint4j.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.run.RecipeCheck;

/** The recipe keys of an imported model: model.onnx, a left-out train section, pairs: auto and groups. */
class ImportedModelRecipeTest {

    private static final String ONNX = """
            name: mine
            seed: 1
            model: {onnx: nets/mine.onnx}
            dataset: {name: cifar10, augmentation: none}
            mint:
              samples_per_class: 5
              pairs: auto
              groups: 8
              targets: [0.5]
              retrain: {epochs: 1, batch_size: 8, learning_rate: 0.01, momentum: 0.9, nesterov: false,
                        weight_decay: 0, milestones: [], gamma: 0.1}
            """;

    @Test
    void anOnnxFileIsResolvedAgainstTheRecipesDirectoryAndNeedsNoTrainSection(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, ONNX);
        Recipe r = Recipes.load(file.toString());
        assertEquals(dir.resolve("nets/mine.onnx").toString(), r.model().onnx());
        assertNull(r.train());
        assertTrue(r.mint().derivesPairs());
        assertEquals(OptionalInt.of(8), r.mint().derivedGroups());
    }

    @Test
    void pairsAutoIsWrittenBackAsAuto() {
        Recipe r = Recipes.parse(ONNX, "x.yaml");
        String yaml = Recipes.toYaml(r);
        assertTrue(yaml.contains("pairs: auto"), yaml);
        assertTrue(Recipes.parse(yaml, "round trip").mint().derivesPairs());
    }

    @Test
    void theModelIsAnArchitectureOrAnOnnxFileNotBothNorNeither() {
        for (String model : new String[] {"{architecture: mlp, onnx: a.onnx}", "{pretrained: a.safetensors}"}) {
            RecipeException e = assertThrows(RecipeException.class,
                    () -> Recipes.parse(ONNX.replace("{onnx: nets/mine.onnx}", model), "x.yaml"));
            assertTrue(e.getMessage().contains("x.yaml: model = ") && e.getMessage().contains("exactly one of "
                    + "model.architecture"), e.getMessage());
        }
    }

    @Test
    void aBuiltInArchitectureStillNeedsItsTrainSection() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> Recipes.parse(ONNX.replace("{onnx: nets/mine.onnx}", "{architecture: resnet20}"), "x.yaml"));
        assertTrue(e.getMessage().contains("train = null"), e.getMessage());
    }

    @Test
    void groupsAreChannelsOrAnIntegerOfAtLeastTwoAndOnlyForAuto() {
        assertEquals(OptionalInt.empty(), Recipes.parse(ONNX.replace("groups: 8", "groups: channels"), "x.yaml")
                .mint().derivedGroups());
        RecipeException one = assertThrows(RecipeException.class,
                () -> Recipes.parse(ONNX.replace("groups: 8", "groups: 1"), "x.yaml"));
        assertTrue(one.getMessage().contains("mint.groups = 1"), one.getMessage());
        RecipeException byHand = assertThrows(RecipeException.class, () -> Recipes.parse(ONNX.replace("pairs: auto",
                "pairs: [{parent: a, child: b, parent_groups: 2, child_groups: 2}]"), "x.yaml"));
        assertTrue(byHand.getMessage().contains("groups apply to pairs: auto"), byHand.getMessage());
        RecipeException word = assertThrows(RecipeException.class,
                () -> Recipes.parse(ONNX.replace("pairs: auto", "pairs: all"), "x.yaml"));
        assertTrue(word.getMessage().contains("mint.pairs") && word.getMessage().contains("expected auto"),
                word.getMessage());
    }

    @Test
    void autoPairsForABuiltInArchitectureAreAnError() {
        Recipe mlp = Recipes.load("mnist-mlp");
        Recipe auto = mlp.withPruning(mlp.mint().withSetting(Recipe.Pruning.AUTO_PAIRS, mlp.mint().gamma(),
                mlp.mint().criteria()));
        RecipeException e = assertThrows(RecipeException.class, () -> RecipeCheck.against(auto, "mnist-mlp"));
        assertTrue(e.getMessage().contains("mint.pairs = auto") && e.getMessage().contains("pairs listed by hand"),
                e.getMessage());
    }

    @Test
    void anOnnxModelWithoutTheOnnxModuleIsAClearError() {
        Recipe r = Recipes.parse(ONNX, "x.yaml");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.model().create());
        assertTrue(e.getMessage().contains("no importer for the onnx format"), e.getMessage());
    }
}
