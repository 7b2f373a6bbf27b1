package org.mint4j.recipe;

import org.mint4j.train.TrainingSchedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecipesTest {

    @Test
    void theMlpRecipeHoldsThePapersTableB1() {
        Recipe r = Recipes.load("mnist-mlp");
        TrainingSchedule t = r.train();
        assertEquals(30, t.epochs());
        assertEquals(256, t.batchSize());
        assertEquals(0.1, t.learningRate());
        assertEquals(List.of(10, 20), t.milestones());
        assertEquals(0.1, t.gamma());
        assertEquals(1e-4, t.weightDecay());
        assertEquals(0.9, t.momentum());
        assertTrue(t.nesterov());
        assertEquals(r, Recipes.parse(Recipes.toYaml(r), "round trip"));
    }

    static String yaml(String trainExtra) {
        return """
                name: t
                description: test
                seed: 1
                model: {architecture: mlp}
                dataset: {name: mnist, augmentation: none}
                train:
                  epochs: 2
                  batch_size: 8
                  learning_rate: 0.1
                  momentum: 0.9
                  nesterov: true
                  weight_decay: 0
                  milestones: [1]
                  gamma: 0.1
                """ + trainExtra;
    }

    @Test
    void anUnknownKeyIsNamed() {
        RecipeException e = assertThrows(RecipeException.class, () -> Recipes.parse(yaml("  epohcs: 3\n"), "x.yaml"));
        assertTrue(e.getMessage().contains("x.yaml") && e.getMessage().contains("train.epohcs")
                && e.getMessage().contains("epochs"), e.getMessage());
    }

    @Test
    void anImpossibleValueIsNamedWithTheKey() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> Recipes.parse(yaml("").replace("epochs: 2", "epochs: -3"), "x.yaml"));
        assertTrue(e.getMessage().contains("train.epochs = -3"), e.getMessage());
        e = assertThrows(RecipeException.class,
                () -> Recipes.parse(yaml("").replace("momentum: 0.9", "momentum: 1.5"), "x.yaml"));
        assertTrue(e.getMessage().contains("train.momentum = 1.5"), e.getMessage());
        e = assertThrows(RecipeException.class,
                () -> Recipes.parse(yaml("").replace("name: mnist", "name: svhn"), "x.yaml"));
        assertTrue(e.getMessage().contains("dataset.name = svhn"), e.getMessage());
        e = assertThrows(RecipeException.class,
                () -> Recipes.parse(yaml("").replace("batch_size: 8", "batch_size: eight"), "x.yaml"));
        assertTrue(e.getMessage().contains("train.batch_size"), e.getMessage());
        e = assertThrows(RecipeException.class,
                () -> Recipes.parse(yaml("").replace("milestones: [1]", "milestones: [3, 2]"), "x.yaml"));
        assertTrue(e.getMessage().contains("train.milestones"), e.getMessage());
    }

    @Test
    void aFractionIsNotReadAsAnInteger() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> Recipes.parse(yaml("").replace("epochs: 2", "epochs: 1.7"), "x.yaml"));
        assertEquals("recipe x.yaml: train.epochs = 1.7 is not allowed; expected an integer (no fraction, no quotes)",
                e.getMessage());
        e = assertThrows(RecipeException.class, () -> Recipes.parse(yaml("").replace("seed: 1", "seed: '1'"), "x.yaml"));
        assertTrue(e.getMessage().contains("seed = '1' is not allowed; expected an integer"), e.getMessage());
        e = assertThrows(RecipeException.class,
                () -> Recipes.parse(yaml("").replace("nesterov: true", "nesterov: 1"), "x.yaml"));
        assertTrue(e.getMessage().contains("train.nesterov = 1 is not allowed; expected true or false"),
                e.getMessage());
        e = assertThrows(RecipeException.class,
                () -> Recipes.parse(yaml("").replace("milestones: [1]", "milestones: [1.5]"), "x.yaml"));
        assertTrue(e.getMessage().contains("train.milestones[0] = 1.5"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsAnError() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> Recipes.parse(yaml("  epochs: 3\n"), "x.yaml"));
        assertTrue(e.getMessage().startsWith("recipe x.yaml: key 'train.epochs' is given twice (line "),
                e.getMessage());
        e = assertThrows(RecipeException.class, () -> Recipes.parse("seed: 2\n" + yaml(""), "x.yaml"));
        assertTrue(e.getMessage().contains("key 'seed' is given twice"), e.getMessage());
        String pairs = "mint:\n  samples_per_class: 10\n  targets: [0.5]\n"
                + "  pairs:\n    - {parent: fc1, child: fc2, parent_groups: 5, child_groups: 3, child: fc3}\n";
        e = assertThrows(RecipeException.class, () -> Recipes.parse(yaml("") + pairs, "x.yaml"));
        assertTrue(e.getMessage().contains("key 'mint.pairs[0].child' is given twice"), e.getMessage());
    }

    @Test
    void aConstantCapOutsideZeroToOneIsAnError() {
        String mint = "mint:\n  samples_per_class: 10\n  targets: [0.5]\n"
                + "  pairs: [{parent: fc1, child: fc2, parent_groups: 5, child_groups: 3}]\n";
        RecipeException e = assertThrows(RecipeException.class,
                () -> Recipes.parse(yaml("") + mint + "  gamma: {type: constant, value: 7}\n", "x.yaml"));
        assertTrue(e.getMessage().contains("mint.gamma.value = 7.0 is not allowed; expected a fraction in [0, 1]"),
                e.getMessage());
        Recipe clamped = Recipes.parse(yaml("") + mint + "  gamma: {type: linear, value: 1.2, slope: -0.05}\n",
                "x.yaml");
        assertEquals(0.95, clamped.mint().gamma().cap("fc2", 5), 1e-12, "linear caps are clamped, not refused");
    }

    @Test
    void aYamlSyntaxErrorIsOneLine() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> Recipes.parse("name: t\ndescription: \"unclosed\n", "x.yaml"));
        assertTrue(e.getMessage().startsWith("recipe x.yaml is not valid YAML (line ")
                && e.getMessage().contains("found unexpected end of stream") && e.getMessage().lines().count() == 1,
                e.getMessage());
    }

    @Test
    void anEmptyRecipeSaysSo() {
        for (String empty : List.of("", "\n\n", "# only a comment\n", "---\n")) {
            RecipeException e = assertThrows(RecipeException.class, () -> Recipes.parse(empty, "x.yaml"));
            assertEquals("recipe x.yaml is empty", e.getMessage());
        }
    }

    @Test
    void aTargetRangeExpandsIntoTheSweep() {
        String mint = "mint:\n"
                + "  samples_per_class: 10\n"
                + "  pairs: [{parent: fc1, child: fc2, parent_groups: 5, child_groups: 3}]\n"
                + "  target_range: {lower: 0.9, upper: 0.96, step: 0.02}\n";
        Recipe r = Recipes.parse(yaml("") + mint, "x.yaml");
        assertEquals(List.of(0.9, 0.92, 0.94, 0.96), r.mint().targets());
        assertEquals(List.of("mint"), r.mint().criteria());
        assertEquals(r.train(), r.mint().retrain());
        RecipeException e = assertThrows(RecipeException.class,
                () -> Recipes.parse(yaml("") + mint.replace("step: 0.02", "step: 0"), "x.yaml"));
        assertTrue(e.getMessage().contains("mint.targets"), e.getMessage());
        e = assertThrows(RecipeException.class,
                () -> Recipes.parse(yaml("") + mint.replace("parent_groups: 5", "parent_groups: 1"), "x.yaml"));
        assertTrue(e.getMessage().contains("mint.pairs[0].parent_groups = 1"), e.getMessage());
    }

    @Test
    void everyBuiltInRecipeLoads() {
        for (String name : Recipes.BUILT_IN) {
            Recipe r = Recipes.load(name);
            assertEquals(name, r.name());
            assertTrue(r.mint() != null, name);
        }
        Recipe resnet = Recipes.load("cifar10-resnet56");
        assertEquals(54, resnet.mint().pairs().size());
        assertEquals(List.of("layer1.7.conv1", "layer2.0.conv1", "layer3.0.conv1", "layer3.8.conv1"),
                resnet.mint().skip());
        assertEquals(500, resnet.mint().samplesPerClass());
    }

    @Test
    void aMissingRecipeListsTheBuiltInOnes() {
        RecipeException e = assertThrows(RecipeException.class, () -> Recipes.load("mnist-mlpp"));
        assertTrue(e.getMessage().contains("mnist-mlp"), e.getMessage());
    }
}
