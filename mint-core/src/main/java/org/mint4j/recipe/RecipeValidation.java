package org.mint4j.recipe;

import java.util.List;
import org.mint4j.data.Augmentation;
import org.mint4j.data.Datasets;
import org.mint4j.nn.Networks;
import org.mint4j.prune.Budget;
import org.mint4j.prune.Criteria;
import org.mint4j.prune.Gamma;
import org.mint4j.prune.LayerPair;
import org.mint4j.train.TrainingSchedule;

/** The values a parsed recipe may take: the first impossible one is an error naming its key. */
final class RecipeValidation {

    private RecipeValidation() {
    }

    /** @throws RecipeException naming the first impossible value */
    static void validate(Recipe r, String source) {
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
        c.require(r.dataset().normalization() == null || Recipes.NORMALIZATIONS.contains(r.dataset().normalization()),
                "dataset.normalization", r.dataset().normalization(), "one of " + Recipes.NORMALIZATIONS);
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
        c.require(p.targets().stream().distinct().count() == p.targets().size(), "mint.targets", p.targets(),
                "each target once");
        c.require(p.criteria().stream().distinct().count() == p.criteria().size(), "mint.criteria", p.criteria(),
                "each criterion once");
        c.require(List.of(Recipe.Pruning.CONNECTIONS, Recipe.Pruning.CHANNELS).contains(p.structure()),
                "mint.structure", p.structure(), Recipe.Pruning.CONNECTIONS + " or " + Recipe.Pruning.CHANNELS);
        List<String> known = p.prunesChannels() ? Criteria.channelNames() : Criteria.names();
        for (String criterion : p.criteria()) {
            c.require(known.contains(criterion), "mint.criteria", criterion, "one of " + known + " with structure "
                    + p.structure());
        }
        if (p.prunesChannels()) {
            c.require(Budget.of(p.budget()) != null, "mint.budget", p.budget(), "one of " + Budget.labels());
            c.require(p.roundTo() >= 1, "mint.round_to", p.roundTo(), "an integer of at least 1 (1: no rounding)");
            c.require(p.steps() >= 1, "mint.steps", p.steps(), "an integer of at least 1 (1: one global order)");
            if (Budget.LATENCY.label().equals(p.budget())) {
                c.require(p.latencyBatch() >= 1, "mint.latency_batch", p.latencyBatch(), "an integer of at least 1");
            }
        } else {
            c.require(p.budget() == null, "mint.budget", p.budget(), "no budget with structure connections "
                    + "(targets are fractions of group pairs)");
            c.require(p.roundTo() == null, "mint.round_to", p.roundTo(), "no rounding with structure connections");
            c.require(p.steps() == null, "mint.steps", p.steps(), "no steps with structure connections");
        }
        if (!Budget.LATENCY.label().equals(p.budget())) {
            c.require(p.latencyBatch() == null, "mint.latency_batch", p.latencyBatch(), "no latency_batch without "
                    + "budget latency");
        }
        validateTraining(c, "mint.retrain", p.retrain());
        c.require(p.zComponents() >= 0, "mint.z_components", p.zComponents(), "an integer of at least 0 (0 = off)");
        c.require(p.accuracyFloor() >= 0 && p.accuracyFloor() <= 1, "mint.accuracy_floor", p.accuracyFloor(),
                "a fraction in [0, 1]");
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
