package org.mint4j.recipe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.mint4j.data.Datasets;
import org.mint4j.prune.Budget;
import org.mint4j.prune.Criteria;
import org.mint4j.prune.Gamma;
import org.mint4j.util.IoErrors;

/**
 * Loads recipes: a path to a YAML file, or the name of one kept in the project
 * ({@code recipes/<name>.yaml} on the classpath). Unknown keys and impossible values are errors
 * that name the recipe, the key and the value.
 */
public final class Recipes {

    /** Recipes shipped with mint4j. */
    public static final List<String> BUILT_IN = List.of("mnist-mlp", "mnist-mlp-demo", "cifar10-resnet56", "cifar10-vgg16bn",
            "imagenet-resnet50");
    public static final List<String> NORMALIZATIONS = List.of("default", "imagenet");

    /** Strict: no key twice, no fraction read as an integer, no number from a quoted string or a boolean from 0/1. */
    private static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT));

    private Recipes() {
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /** A built-in recipe by name, or a YAML file by path. */
    public static Recipe load(String nameOrPath) {
        Path path = Paths.get(nameOrPath);
        if (Files.isRegularFile(path)) {
            try {
                return parse(Files.readString(path), path.toString(), path.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new RecipeException("cannot read recipe " + path + ": " + IoErrors.describe(e, path), e);
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
            throw new RecipeException("cannot read recipe " + resource + ": " + IoErrors.describe(e, null), e);
        }
    }

    /** Parses and validates recipe text; {@code source} names it in errors. */
    public static Recipe parse(String yaml, String source) {
        return parse(yaml, source, null);
    }

    /**
     * Parses and validates recipe text, resolving a relative {@code model.onnx} against the
     * recipe file's directory (when there is one), so that the recipe written beside a run stands alone.
     */
    private static Recipe parse(String yaml, String source, Path directory) {
        Recipe recipe;
        try {
            JsonNode tree = YAML.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new RecipeException("recipe " + source + " is empty");
            }
            recipe = YAML.treeToValue(tree, Recipe.class);
        } catch (JsonProcessingException e) {
            throw RecipeParseErrors.explain(source, e);
        }
        if (directory != null && recipe.model() != null) {
            recipe = recipe.withModel(recipe.model().withOnnxResolvedAgainst(directory));
        }
        recipe = withDefaults(recipe);
        validate(recipe, source);
        return recipe;
    }

    /** Fills the optional settings, so that the recipe written beside a run is explicit. */
    static Recipe withDefaults(Recipe r) {
        Recipe.Dataset d = r.dataset();
        if (d != null && d.name() != null && d.validationPerClass() == null) {
            r = r.withDataset(new Recipe.Dataset(d.name(), d.augmentation(), d.normalization(), d.trainPerClass(),
                    d.testPerClass(), Datasets.defaultValidationPerClass(d.name())));
        }
        Recipe.Pruning p = r.mint();
        if (p == null) {
            return r;
        }
        List<Double> targets = p.targets();
        if (targets == null && p.targetRange() != null && p.targetRange().lower() != null
                && p.targetRange().upper() != null && p.targetRange().step() != null && p.targetRange().step() > 0) {
            targets = p.targetRange().values();
        }
        return r.withPruning(new Recipe.Pruning(p.samplesPerClass(), p.pairs(), p.groups(),
                p.gamma() == null ? Gamma.NONE : p.gamma(), p.skip() == null ? List.of() : p.skip(),
                targets, null, p.criteria() == null ? List.of(Criteria.DEFAULT) : p.criteria(),
                p.retrain() == null ? r.train() : p.retrain(), p.accuracyFloor() == null ? 0.0 : p.accuracyFloor(),
                p.standardize() != null && p.standardize(), p.zComponents() == null ? 0 : p.zComponents(),
                p.structure() == null ? Recipe.Pruning.CONNECTIONS : p.structure(),
                p.budget() == null && Recipe.Pruning.CHANNELS.equals(p.structure()) ? Budget.CHANNELS.label() : p.budget(),
                orOneWithChannels(p, p.roundTo()), orOneWithChannels(p, p.steps()),
                p.latencyBatch() == null && Budget.LATENCY.label().equals(p.budget()) ? Integer.valueOf(1)
                        : p.latencyBatch()));
    }

    /** With channels an unset count defaults to 1 (off); with connections it stays unset. */
    private static Integer orOneWithChannels(Recipe.Pruning p, Integer value) {
        return value == null && Recipe.Pruning.CHANNELS.equals(p.structure()) ? Integer.valueOf(1) : value;
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
        RecipeValidation.validate(r, source);
    }

}
