package org.mint4j.recipe;

import org.mint4j.prune.Gamma;
import org.mint4j.prune.LayerPair;
import org.mint4j.train.TrainingSchedule;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import org.mint4j.data.Augmentation;
import org.mint4j.data.Datasets;
import org.mint4j.nn.Networks;
import org.mint4j.prune.Criteria;
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
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", "));
            throw new RecipeException("recipe " + source + ": unknown key '" + path(e) + "'; expected one of: " + known);
        } catch (MismatchedInputException e) {
            String value = e.getProcessor() instanceof JsonParser p ? text(p) : "this value";
            throw new RecipeException("recipe " + source + ": " + (e.getPath().isEmpty() ? "the recipe" : path(e))
                    + " = " + value + " is not allowed; expected " + expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw new RecipeException("recipe " + source + ": bad value for '" + path(e) + "': "
                    + e.getOriginalMessage());
        } catch (StreamReadException e) {
            if (e.getOriginalMessage().startsWith("Duplicate field")) {
                throw new RecipeException("recipe " + source + ": key '" + duplicate(e) + "' is given twice (line "
                        + e.getLocation().getLineNr() + "); keep one");
            }
            throw notYaml(source, e);
        } catch (JsonProcessingException e) {
            throw notYaml(source, e);
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
                p.standardize() != null && p.standardize(), p.zComponents() == null ? 0 : p.zComponents()));
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
        Recipe.Model m = r.model();
        c.require((m.architecture() == null) != (m.onnx() == null), "model", m.architecture() == null
                ? "no architecture and no onnx" : "both architecture and onnx", "exactly one of model.architecture "
                + "(one of " + Networks.architectures() + ") and model.onnx (an ONNX file)");
        c.require(m.architecture() == null || Networks.isArchitecture(m.architecture()), "model.architecture",
                m.architecture(), "one of " + Networks.architectures());
        c.require(m.onnx() == null || m.pretrained() == null, "model.pretrained", m.pretrained(),
                "no pretrained file for an ONNX model (its weights are in the ONNX file)");
        c.require(m.onnx() != null || m.onnxSha256() == null, "model.onnx_sha256", m.onnxSha256(),
                "no digest without model.onnx");
        for (String key : List.of("pretrained_sha256", "onnx_sha256")) {
            String sha = key.startsWith("onnx") ? m.onnxSha256() : m.pretrainedSha256();
            c.require(sha == null || sha.matches("[0-9a-f]{64}"), "model." + key, sha,
                    "the file's SHA-256 as 64 lowercase hex digits");
        }
        c.require(r.dataset() != null, "dataset", null, "a dataset section");
        c.require(Datasets.NAMES.contains(r.dataset().name()), "dataset.name", r.dataset().name(),
                "one of " + Datasets.NAMES);
        c.require(Augmentation.REGISTRY.contains(r.dataset().augmentation()), "dataset.augmentation",
                r.dataset().augmentation(), "one of " + Augmentation.REGISTRY.names());
        c.require(!r.dataset().name().equals("imagenet") || r.dataset().augmentation().equals("none"),
                "dataset.augmentation", r.dataset().augmentation(),
                "none for imagenet, whose training transform (random resized crop and flip) is built in");
        c.require(r.dataset().normalization() == null || NORMALIZATIONS.contains(r.dataset().normalization()),
                "dataset.normalization", r.dataset().normalization(), "one of " + NORMALIZATIONS);
        for (String key : List.of("train_per_class", "test_per_class")) {
            Integer n = key.startsWith("train") ? r.dataset().trainPerClass() : r.dataset().testPerClass();
            c.require(n == null || n >= 1, "dataset." + key, n, "an integer of at least 1, or absent for every image");
        }
        c.require(r.dataset().validationPerClass() != null && r.dataset().validationPerClass() >= 0,
                "dataset.validation_per_class", r.dataset().validationPerClass(),
                "an integer of at least 0 (0: choose the best epoch on the test set)");
        // An imported model is its own baseline: without a train section its weights are used as they are.
        if (r.train() != null || m.onnx() == null) {
            validateTraining(c, "train", r.train());
        }
        if (r.mint() != null) {
            validatePruning(c, r.mint());
        }
    }

    private static void validateTraining(Check c, String key, TrainingSchedule t) {
        c.require(t != null, key, null, "a " + key + " section");
        c.require(t.epochs() != null && t.epochs() >= 1, key + ".epochs", t.epochs(), "an integer of at least 1");
        c.require(t.batchSize() != null && t.batchSize() >= 1, key + ".batch_size", t.batchSize(),
                "an integer of at least 1");
        c.require(t.learningRate() != null && t.learningRate() > 0 && Double.isFinite(t.learningRate()),
                key + ".learning_rate", t.learningRate(), "a positive number");
        c.require(t.momentum() != null && t.momentum() >= 0 && t.momentum() < 1, key + ".momentum", t.momentum(),
                "a number in [0, 1)");
        c.require(t.nesterov() != null && (!t.nesterov() || t.momentum() > 0), key + ".nesterov", t.nesterov(),
                "true or false (true needs a momentum above 0)");
        c.require(t.weightDecay() != null && t.weightDecay() >= 0 && Double.isFinite(t.weightDecay()),
                key + ".weight_decay", t.weightDecay(), "a number of at least 0");
        c.require(t.gamma() != null && t.gamma() > 0 && t.gamma() <= 1, key + ".gamma", t.gamma(),
                "a number in (0, 1]");
        c.require(t.milestones() != null, key + ".milestones", null, "a list of epochs (may be empty)");
        int previous = 0;
        for (Integer m : t.milestones()) {
            c.require(m != null && m > previous, key + ".milestones", t.milestones(),
                    "strictly increasing positive epochs");
            previous = m;
        }
    }

    private static void validatePruning(Check c, Recipe.Pruning p) {
        c.require(p.samplesPerClass() != null && p.samplesPerClass() >= 1, "mint.samples_per_class",
                p.samplesPerClass(), "an integer of at least 1");
        c.require(p.pairs() != null && (p.derivesPairs() || !p.pairs().isEmpty()), "mint.pairs", p.pairs(),
                "at least one layer pair, or auto");
        c.require(p.groups() == null || p.derivesPairs(), "mint.groups", p.groups(),
                "no groups with pairs listed by hand (each pair gives its own); groups apply to pairs: auto");
        c.require(p.groups() == null || p.groups().equals(Recipe.Pruning.GROUPS_PER_CHANNEL)
                || p.groups().matches("[0-9]{1,9}") && Integer.parseInt(p.groups()) >= 2, "mint.groups", p.groups(),
                Recipe.Pruning.GROUPS_PER_CHANNEL + " or an integer of at least 2");
        for (int i = 0; i < p.pairs().size(); i++) {
            LayerPair pair = p.pairs().get(i);
            String key = "mint.pairs[" + i + "]";
            c.require(pair.parent() != null && pair.child() != null, key, pair, "parent and child layer names");
            c.require(pair.parentGroups() != null && pair.parentGroups() >= 2, key + ".parent_groups",
                    pair.parentGroups(), "an integer of at least 2 (Z is the other parent groups)");
            c.require(pair.childGroups() != null && pair.childGroups() >= 1, key + ".child_groups",
                    pair.childGroups(), "an integer of at least 1");
        }
        c.require(Gamma.Type.of(p.gamma().type()) != null, "mint.gamma.type", p.gamma().type(),
                "one of " + Gamma.Type.labels());
        // A constant cap is used as it is; linear and quadratic ones are clamped to [0, 1] per pair.
        c.require(!p.gamma().type().equals("constant") || p.gamma().value() >= 0 && p.gamma().value() <= 1,
                "mint.gamma.value", p.gamma().value(), "a fraction in [0, 1] for a constant cap");
        c.require(Double.isFinite(p.gamma().value() + p.gamma().slope() + p.gamma().curvature()), "mint.gamma",
                p.gamma().label(), "finite coefficients");
        p.gamma().layers().forEach((layer, cap) -> c.require(cap != null && cap >= 0 && cap <= 1,
                "mint.gamma.layers." + layer, cap, "a fraction in [0, 1]"));
        c.require(p.targets() != null && !p.targets().isEmpty(), "mint.targets", p.targets(),
                "a list of fractions in (0, 1), or mint.target_range with lower, upper and a positive step");
        for (Double t : p.targets()) {
            c.require(t != null && t > 0 && t < 1, "mint.targets", p.targets(), "fractions in (0, 1)");
        }
        for (String criterion : p.criteria()) {
            c.require(Criteria.contains(criterion), "mint.criteria", criterion, "one of " + Criteria.names());
        }
        validateTraining(c, "mint.retrain", p.retrain());
        c.require(p.zComponents() >= 0, "mint.z_components", p.zComponents(), "an integer of at least 0 (0 = off)");
        c.require(p.accuracyFloor() >= 0 && p.accuracyFloor() <= 1, "mint.accuracy_floor", p.accuracyFloor(),
                "a fraction in [0, 1]");
    }

    /** One line: where, and the YAML parser's findings without its multi-line excerpts of the text. */
    private static RecipeException notYaml(String source, JsonProcessingException e) {
        String findings = e.getOriginalMessage().lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining(", "));
        return new RecipeException("recipe " + source + " is not valid YAML (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + "): " + findings);
    }

    /** The text of the value the parser stopped at, or a word for a section or list. */
    private static String text(JsonParser parser) {
        try {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                return token == JsonToken.START_OBJECT ? "a section" : "a list";
            }
            return token == JsonToken.VALUE_STRING ? "'" + parser.getText() + "'" : parser.getText();
        } catch (IOException e) {
            return "this value";
        }
    }

    /** What a recipe's key of this Java type takes, in the recipe's words. */
    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer (no fraction, no quotes)";
        }
        if (type == Double.class || type == double.class) {
            return "a number (no quotes)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a word or text";
        }
        if (type != null && java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a section of keys";
    }

    /** The dotted key given twice; the parser has read its section but not yet the key itself. */
    private static String duplicate(StreamReadException e) {
        String name = e.getOriginalMessage().replaceAll("(?s)^Duplicate field '(.*)'$", "$1");
        JsonParser parser = e.getProcessor();
        if (parser == null) {
            return name;
        }
        Deque<String> keys = new ArrayDeque<>();
        keys.push(name);
        for (JsonStreamContext c = parser.getParsingContext().getParent(); c != null && !c.inRoot(); c = c.getParent()) {
            keys.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        return String.join(".", keys).replace(".[", "[");
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
