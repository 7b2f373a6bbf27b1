package org.mint4j.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import org.mint4j.data.Datasets;

/**
 * Loads recipes: a path to a YAML file, or the name of one kept in the project
 * ({@code recipes/<name>.yaml} on the classpath). Unknown keys and impossible values are errors
 * that name the recipe, the key and the value.
 */
public final class Recipes {

    /** Recipes shipped with mint4j. */
    public static final List<String> BUILT_IN = List.of("mnist-mlp");
    public static final List<String> ARCHITECTURES = List.of("mlp");
    public static final List<String> AUGMENTATIONS = List.of("none", "crop-flip");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private Recipes() {
    }

    /** A built-in recipe by name, or a YAML file by path. */
    public static Recipe load(String nameOrPath) {
        Path path = Paths.get(nameOrPath);
        if (Files.isRegularFile(path)) {
            try {
                return parse(Files.readString(path), path.toString());
            } catch (IOException e) {
                throw new RecipeException("cannot read recipe " + path + ": " + e.getMessage(), e);
            }
        }
        String resource = "recipes/" + nameOrPath + ".yaml";
        try (InputStream in = Recipes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new RecipeException("no recipe '" + nameOrPath + "': not a file, and not one of the built-in recipes "
                        + BUILT_IN);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), nameOrPath + ".yaml");
        } catch (IOException e) {
            throw new RecipeException("cannot read recipe " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates recipe text; {@code source} names it in errors. */
    public static Recipe parse(String yaml, String source) {
        Recipe recipe;
        try {
            recipe = YAML.readValue(yaml, Recipe.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", "));
            throw new RecipeException("recipe " + source + ": unknown key '" + path(e) + "'; expected one of: " + known);
        } catch (JsonMappingException e) {
            throw new RecipeException("recipe " + source + ": bad value for '" + path(e) + "': "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new RecipeException("recipe " + source + " is not valid YAML: " + e.getOriginalMessage());
        }
        if (recipe == null) {
            throw new RecipeException("recipe " + source + " is empty");
        }
        validate(recipe, source);
        return recipe;
    }

    /** The recipe as YAML, as written beside a run's outputs. */
    public static String toYaml(Recipe recipe) {
        try {
            return YAML.writeValueAsString(recipe);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws RecipeException naming the first impossible value */
    public static void validate(Recipe r, String source) {
        Check c = new Check(source);
        c.require(r.name() != null && !r.name().isBlank(), "name", r.name(), "a non-empty name");
        c.require(r.model() != null, "model", null, "a model section");
        c.require(ARCHITECTURES.contains(r.model().architecture()), "model.architecture", r.model().architecture(),
                "one of " + ARCHITECTURES);
        c.require(r.dataset() != null, "dataset", null, "a dataset section");
        c.require(Datasets.NAMES.contains(r.dataset().name()), "dataset.name", r.dataset().name(),
                "one of " + Datasets.NAMES);
        c.require(AUGMENTATIONS.contains(r.dataset().augmentation()), "dataset.augmentation",
                r.dataset().augmentation(), "one of " + AUGMENTATIONS);
        Recipe.Training t = r.train();
        c.require(t != null, "train", null, "a train section");
        c.require(t.epochs() >= 1, "train.epochs", t.epochs(), "an integer of at least 1");
        c.require(t.batchSize() >= 1, "train.batch_size", t.batchSize(), "an integer of at least 1");
        c.require(t.learningRate() > 0 && Double.isFinite(t.learningRate()), "train.learning_rate",
                t.learningRate(), "a positive number");
        c.require(t.momentum() >= 0 && t.momentum() < 1, "train.momentum", t.momentum(), "a number in [0, 1)");
        c.require(!t.nesterov() || t.momentum() > 0, "train.nesterov", t.nesterov(),
                "false when momentum is 0 (Nesterov needs momentum)");
        c.require(t.weightDecay() >= 0 && Double.isFinite(t.weightDecay()), "train.weight_decay", t.weightDecay(),
                "a number of at least 0");
        c.require(t.gamma() > 0 && t.gamma() <= 1, "train.gamma", t.gamma(), "a number in (0, 1]");
        c.require(t.milestones() != null, "train.milestones", null, "a list of epochs (may be empty)");
        int previous = 0;
        for (int m : t.milestones()) {
            c.require(m > previous, "train.milestones", t.milestones(), "strictly increasing positive epochs");
            previous = m;
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName()
                : "[" + ref.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
    }

    private record Check(String source) {
        void require(boolean ok, String key, Object value, String expected) {
            if (!ok) {
                throw new RecipeException("recipe " + source + ": " + key + " = " + value + " is not allowed; expected "
                        + expected);
            }
        }
    }
}
