package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;

/**
 * Every recipe under docs/ (the results' recipes, and those kept with their runs) still parses and
 * validates, so that the commands the result pages print run as printed (the models some of them
 * name are made by the pages' scripts, so only the recipes are checked here).
 */
class DocsRecipesTest {

    static Stream<Path> recipes() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("..", "docs"))) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            return yaml.stream();
        }
    }

    @Test
    void theResultPagesHaveRecipes() throws IOException {
        assertTrue(recipes().count() >= 10, "found the recipes of the result pages under docs/");
    }

    /** Loaded (parsed and validated), written out and read back, a recipe is the same recipe. */
    @ParameterizedTest
    @MethodSource("recipes")
    void parsesValidatesAndRoundTrips(Path file) {
        Recipe recipe = Recipes.load(file.toString());
        assertEquals(recipe, Recipes.parse(Recipes.toYaml(recipe), file.toString()), file.toString());
    }
}
