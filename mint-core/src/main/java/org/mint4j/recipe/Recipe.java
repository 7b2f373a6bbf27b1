package org.mint4j.recipe;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.OptionalInt;
import java.util.List;
import java.util.Optional;
import org.mint4j.data.DataDirectory;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSet;
import org.mint4j.data.ImageSource;
import org.mint4j.data.ImageSubset;
import org.mint4j.data.Normalization;
import org.mint4j.data.ValidationSplit;
import org.mint4j.nn.Networks;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.Gamma;
import org.mint4j.prune.LayerPair;
import org.mint4j.train.TrainingSchedule;

/**
 * Everything a run needs to be repeated: the network, the data, the training schedule and the
 * seed. Read from YAML with {@link Recipes}; keys are snake_case.
 */
public record Recipe(String name, String description, long seed, Model model, Dataset dataset, TrainingSchedule train,
        Pruning mint) implements Serializable {

    /**
     * The network: a built-in {@code architecture}, or an {@code onnx} file imported with its
     * weights (exactly one of the two). {@code pretrained} optionally names a safetensors file
     * (absolute, or relative to the data directory) whose weights replace training;
     * {@code pretrained_sha256} and {@code onnx_sha256} are the files' digests, checked before use.
     */
    public record Model(String architecture, String pretrained, String pretrainedSha256, String onnx,
            String onnxSha256) implements Serializable {

        /** The format {@link Networks#importNetwork} reads {@code onnx} files with. */
        public static final String ONNX = "onnx";

        /** A new, uninitialised network of this architecture, or the imported network. */
        public PrunableNetwork create() {
            return onnx != null ? Networks.importNetwork(ONNX, Path.of(onnx)) : Networks.create(architecture);
        }

        /** The architecture, or the imported file: what the model is, in messages. */
        public String label() {
            return onnx != null ? onnx : architecture;
        }

        /** This model with a relative {@code onnx} path resolved against {@code directory}. */
        Model withOnnxResolvedAgainst(Path directory) {
            if (onnx == null || Path.of(onnx).isAbsolute()) {
                return this;
            }
            return new Model(architecture, pretrained, pretrainedSha256,
                    directory.resolve(onnx).toAbsolutePath().normalize().toString(), onnxSha256);
        }
    }

    /**
     * The data, its training augmentation ({@code none} or {@code crop-flip}), optionally the
     * normalisation ({@code imagenet} for weights trained with ImageNet statistics; default: the
     * dataset's own) and class-balanced subsets of the training and test sets (images per class,
     * drawn from the recipe's seed; default: every image), for quick runs on a CPU. The validation
     * hold-out ({@code validation_per_class} images per class of the training set, drawn from the
     * seed before any training subset; default {@link Datasets#defaultValidationPerClass}) chooses
     * the best epoch; 0 chooses it on the test set, as the paper did.
     */
    public record Dataset(String name, String augmentation, String normalization, Integer trainPerClass,
            Integer testPerClass, Integer validationPerClass) implements Serializable {

        /** Whether the best epoch is chosen on a validation hold-out (else on the test set). */
        public boolean hasValidation() {
            return validationPerClass > 0;
        }

        /** What the best epoch is chosen on, for tables and logs. */
        public String selection() {
            return hasValidation() ? "validation (" + validationPerClass + " training images per class held out)"
                    : "test set (no validation split)";
        }
    }

    /**
     * MINT's settings (optional: a recipe without them can only be trained).
     *
     * @param samplesPerClass m, images per class whose activations are recorded
     * @param pairs the parent -> child layer pairs to score, with their group counts, or
     *     {@link #AUTO_PAIRS} ({@code auto}: derived from the network's graph before any work)
     * @param groups with {@code pairs: auto}: {@code channels} (one group per channel, the default)
     *     or G, sequential groups per layer
     * @param gamma the per-layer cap on the fraction of group pairs pruned
     * @param skip child layers never pruned (with {@code structure: channels}: channel families kept whole)
     * @param targets the sweep of global percentiles (fractions of group pairs to prune)
     * @param targetRange the same sweep as lower, upper and step (instead of {@code targets})
     * @param criteria scores compared in the same pipeline: mint, random, magnitude
     * @param retrain the retraining schedule (absent: the training schedule)
     * @param accuracyFloor the accuracy the best sweep point must keep
     * @param standardize standardise activations before estimating (off in the paper)
     * @param zComponents condition on this many principal components of Z (0: off, as the paper)
     * @param structure what a plan removes: {@code connections} (group pairs' weights zeroed, the
     *     paper's) or {@code channels} (whole channels with everything coupled to them, removed
     *     from the compacted network)
     * @param budget with channels: what {@code targets} are fractions of ({@code macs},
     *     {@code params} or {@code channels}); each target is the fraction removed
     * @param roundTo with channels: keep multiples of this many channels per family (1: off)
     * @param steps with channels: 1 removes channels in one global order; more removes them
     *     progressively in that many steps, as Torch-Pruning's global pruning
     *     ({@link org.mint4j.prune.ChannelPlan})
     * @param latencyBatch with budget latency: the batch size the deployment runtime times
     */
    public record Pruning(Integer samplesPerClass,
            @JsonDeserialize(using = PairsJson.Reader.class) @JsonSerialize(using = PairsJson.Writer.class)
            List<LayerPair> pairs, String groups, Gamma gamma, List<String> skip, List<Double> targets,
            Range targetRange, List<String> criteria, TrainingSchedule retrain, Double accuracyFloor, Boolean standardize,
            Integer zComponents, String structure, String budget, Integer roundTo, Integer steps,
            Integer latencyBatch) implements Serializable {

        /** {@code pairs: auto}, compared by identity. */
        public static final List<LayerPair> AUTO_PAIRS = Collections.unmodifiableList(new ArrayList<>());

        /** {@code groups: channels}. */
        public static final String GROUPS_PER_CHANNEL = "channels";

        /** {@code structure: connections}, the paper's. */
        public static final String CONNECTIONS = "connections";

        /** {@code structure: channels}. */
        public static final String CHANNELS = "channels";

        /** Whether a plan removes whole channels (else it zeroes connections). */
        public boolean prunesChannels() {
            return CHANNELS.equals(structure);
        }

        public boolean derivesPairs() {
            return pairs == AUTO_PAIRS;
        }

        /** The derived pairs' groups per layer; empty for one group per channel. */
        public OptionalInt derivedGroups() {
            return groups == null || groups.equals(GROUPS_PER_CHANNEL) ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(groups));
        }

        /** These pairs in place of {@code auto} (and its groups): the recipe as it is run. */
        public Pruning withDerivedPairs(List<LayerPair> derived) {
            return new Pruning(samplesPerClass, derived, null, gamma, skip, targets, targetRange, criteria, retrain,
                    accuracyFloor, standardize, zComponents, structure, budget, roundTo, steps, latencyBatch);
        }

        public Pruning withRetrainEpochs(int epochs) {
            return withRetrain(retrain.withEpochs(epochs));
        }

        public Pruning withRetrain(TrainingSchedule schedule) {
            return new Pruning(samplesPerClass, pairs, groups, gamma, skip, targets, targetRange, criteria, schedule,
                    accuracyFloor, standardize, zComponents, structure, budget, roundTo, steps, latencyBatch);
        }

        /** These targets instead of the list or range given before. */
        public Pruning withTargets(List<Double> sweep) {
            return new Pruning(samplesPerClass, pairs, groups, gamma, skip, sweep, null, criteria, retrain, accuracyFloor,
                    standardize, zComponents, structure, budget, roundTo, steps, latencyBatch);
        }

        public Pruning withSamplesPerClass(int m) {
            return new Pruning(m, pairs, groups, gamma, skip, targets, targetRange, criteria, retrain, accuracyFloor,
                    standardize, zComponents, structure, budget, roundTo, steps, latencyBatch);
        }

        /** {@code groups: G} for pairs derived from the graph. */
        public Pruning withDerivedGroups(int groupsPerLayer) {
            return new Pruning(samplesPerClass, pairs, Integer.toString(groupsPerLayer), gamma, skip, targets,
                    targetRange, criteria, retrain, accuracyFloor, standardize, zComponents, structure, budget, roundTo,
                    steps, latencyBatch);
        }

        /** Other groupings of the pairs, cap and criteria: one setting of a study. */
        public Pruning withSetting(List<LayerPair> newPairs, Gamma cap, List<String> newCriteria) {
            return new Pruning(samplesPerClass, newPairs, groups, cap, skip, targets, targetRange, newCriteria, retrain,
                    accuracyFloor, standardize, zComponents, structure, budget, roundTo, steps, latencyBatch);
        }
    }

    /** lower, lower + step, ... up to upper (inclusive, within rounding). */
    public record Range(Double lower, Double upper, Double step) implements Serializable {

        public List<Double> values() {
            List<Double> out = new java.util.ArrayList<>();
            for (int i = 0; lower + i * step <= upper + 1e-9; i++) {
                out.add(Math.round((lower + i * step) * 1e9) / 1e9);
            }
            return out;
        }
    }

    /**
     * The images trained on (the training set without the validation hold-out, then the
     * class-balanced subset) or the test set, with the recipe's normalisation.
     */
    public ImageSource open(DataDirectory data, boolean train) {
        ImageSource source = normalized(data, train);
        if (train && dataset.hasValidation()) {
            source = trainingSplit(source).rest();
        }
        Integer perClass = train ? dataset.trainPerClass() : dataset.testPerClass();
        if (perClass != null) {
            // A different stream from the seed than the activations' sample and the batches.
            return ImageSubset.balanced(source, perClass, seed * 31 + (train ? 1 : 2));
        }
        return source;
    }

    /** The validation hold-out; empty when {@code dataset.validation_per_class} is 0. */
    public Optional<ImageSource> openValidation(DataDirectory data) {
        return dataset.hasValidation() ? Optional.of(trainingSplit(normalized(data, true)).validation())
                : Optional.empty();
    }

    private ValidationSplit trainingSplit(ImageSource trainingSet) {
        return ValidationSplit.of(trainingSet, dataset.validationPerClass(), seed * 31 + 3);
    }

    private ImageSource normalized(DataDirectory data, boolean train) {
        ImageSource source = Datasets.open(dataset.name(), data, train);
        if ("imagenet".equals(dataset.normalization()) && source instanceof ImageSet set) {
            return set.withNormalization(Normalization.IMAGENET);
        }
        return source;
    }

    public Recipe withEpochs(int epochs) {
        return new Recipe(name, description, seed, model, dataset, train == null ? null : train.withEpochs(epochs), mint);
    }

    public Recipe withSeed(long newSeed) {
        return new Recipe(name, description, newSeed, model, dataset, train, mint);
    }

    public Recipe withModel(Model newModel) {
        return new Recipe(name, description, seed, newModel, dataset, train, mint);
    }

    public Recipe withDataset(Dataset data) {
        return new Recipe(name, description, seed, model, data, train, mint);
    }

    public Recipe withPruning(Pruning pruning) {
        return new Recipe(name, description, seed, model, dataset, train, pruning);
    }
}
