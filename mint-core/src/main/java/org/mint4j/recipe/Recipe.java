package org.mint4j.recipe;

import java.util.List;
import java.util.Map;

/**
 * Everything a run needs to be repeated: the network, the data, the training schedule and the
 * seed. Read from YAML with {@link Recipes}; keys are snake_case.
 */
public record Recipe(String name, String description, long seed, Model model, Dataset dataset, Training train,
        Pruning mint) {

    /**
     * The network; {@code pretrained} optionally names a safetensors file (absolute, or relative to
     * the data directory) whose weights replace training.
     */
    public record Model(String architecture, String pretrained) {
    }

    /**
     * The data, its training augmentation ({@code none} or {@code crop-flip}), optionally the
     * normalisation ({@code imagenet} for weights trained with ImageNet statistics; default: the
     * dataset's own) and class-balanced subsets of the training and test sets (images per class,
     * drawn from the recipe's seed; default: every image), for quick runs on a CPU.
     */
    public record Dataset(String name, String augmentation, String normalization, Integer trainPerClass,
            Integer testPerClass) {
    }

    /** SGD with (Nesterov) momentum, weight decay and a multi-step learning-rate schedule. */
    public record Training(Integer epochs, Integer batchSize, Double learningRate, Double momentum, Boolean nesterov,
            Double weightDecay, List<Integer> milestones, Double gamma) {

        public Training withEpochs(int newEpochs) {
            return new Training(newEpochs, batchSize, learningRate, momentum, nesterov, weightDecay, milestones,
                    gamma);
        }

        /**
         * The same schedule compressed or stretched to {@code newEpochs}: each milestone moves to the
         * same fraction of the run (rounded, at least epoch 1).
         */
        public Training scaledTo(int newEpochs) {
            List<Integer> moved = milestones.stream()
                    .map(m -> Math.max(1, (int) Math.round((double) m * newEpochs / epochs))).distinct().toList();
            return new Training(newEpochs, batchSize, learningRate, momentum, nesterov, weightDecay, moved, gamma);
        }
    }

    /**
     * MINT's settings (optional: a recipe without them can only be trained).
     *
     * @param samplesPerClass m, images per class whose activations are recorded
     * @param pairs the parent -> child layer pairs to score, with their group counts
     * @param gamma the per-layer cap on the fraction of group pairs pruned
     * @param skip child layers never pruned
     * @param targets the sweep of global percentiles (fractions of group pairs to prune)
     * @param targetRange the same sweep as lower, upper and step (instead of {@code targets})
     * @param criteria scores compared in the same pipeline: mint, random, magnitude
     * @param retrain the retraining schedule (absent: the training schedule)
     * @param accuracyFloor the accuracy the best sweep point must keep
     * @param standardize standardise activations before estimating (off in the paper)
     * @param zComponents condition on this many principal components of Z (0: off, as the paper)
     */
    public record Pruning(Integer samplesPerClass, List<Pair> pairs, Gamma gamma, List<String> skip, List<Double> targets,
            Range targetRange, List<String> criteria, Training retrain, Double accuracyFloor, Boolean standardize,
            Integer zComponents) {

        public Pruning withRetrainEpochs(int epochs) {
            return withRetrain(retrain.withEpochs(epochs));
        }

        public Pruning withRetrain(Training schedule) {
            return new Pruning(samplesPerClass, pairs, gamma, skip, targets, targetRange, criteria, schedule,
                    accuracyFloor, standardize, zComponents);
        }

        /** These targets instead of the list or range given before. */
        public Pruning withTargets(List<Double> sweep) {
            return new Pruning(samplesPerClass, pairs, gamma, skip, sweep, null, criteria, retrain, accuracyFloor,
                    standardize, zComponents);
        }

        public Pruning withSamplesPerClass(int m) {
            return new Pruning(m, pairs, gamma, skip, targets, targetRange, criteria, retrain, accuracyFloor,
                    standardize, zComponents);
        }

        /** Other groupings of the pairs, cap and criteria: one setting of a study. */
        public Pruning withSetting(List<Pair> newPairs, Gamma cap, List<String> newCriteria) {
            return new Pruning(samplesPerClass, newPairs, cap, skip, targets, targetRange, newCriteria, retrain,
                    accuracyFloor, standardize, zComponents);
        }
    }

    /** lower, lower + step, ... up to upper (inclusive, within rounding). */
    public record Range(Double lower, Double upper, Double step) {

        public List<Double> values() {
            List<Double> out = new java.util.ArrayList<>();
            for (int i = 0; lower + i * step <= upper + 1e-9; i++) {
                out.add(Math.round((lower + i * step) * 1e9) / 1e9);
            }
            return out;
        }
    }

    /** A parent -> child layer pair and how many sequential groups each layer is split into. */
    public record Pair(String parent, String child, Integer parentGroups, Integer childGroups) {
    }

    /**
     * The cap on the fraction of a layer pair's group pairs that may be pruned, as a function of
     * the pair's parent group count G: {@code none}; {@code constant} (value); {@code linear}
     * (value + slope G); {@code quadratic} (value + slope G + curvature G^2). Clamped to [0, 1].
     * {@code layers} optionally gives fixed caps for named child layers instead (the paper's
     * VGG16 caps conv5 to conv8 at 0.45).
     */
    public record Gamma(String type, Double value, Double slope, Double curvature, Map<String, Double> layers) {

        public static final Gamma NONE = new Gamma("none", 1.0, 0.0, 0.0, Map.of());

        /** Missing coefficients are 0; missing layer caps are none. */
        public Gamma {
            value = value == null ? 0.0 : value;
            slope = slope == null ? 0.0 : slope;
            curvature = curvature == null ? 0.0 : curvature;
            layers = layers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(layers));
        }

        /**
         * Parses {@code none}, {@code constant:VALUE}, {@code linear:VALUE:SLOPE} or
         * {@code quadratic:VALUE:SLOPE:CURVATURE}, as the study commands take them.
         */
        public static Gamma parse(String text) {
            String[] parts = text.trim().split(":");
            int coefficients = switch (parts[0]) {
                case "none" -> 0;
                case "constant" -> 1;
                case "linear" -> 2;
                case "quadratic" -> 3;
                default -> throw new IllegalArgumentException("gamma '" + text
                        + "': expected none, constant:VALUE, linear:VALUE:SLOPE or quadratic:VALUE:SLOPE:CURVATURE");
            };
            if (parts.length != coefficients + 1) {
                throw new IllegalArgumentException("gamma '" + text + "': " + parts[0] + " takes " + coefficients
                        + " coefficient(s) after the type, separated by ':'");
            }
            double[] c = new double[3];
            for (int i = 0; i < coefficients; i++) {
                try {
                    c[i] = Double.parseDouble(parts[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("gamma '" + text + "': '" + parts[i + 1] + "' is not a number");
                }
            }
            return parts[0].equals("none") ? NONE : new Gamma(parts[0], c[0], c[1], c[2], null);
        }

        /** The form {@link #parse} reads. */
        public String label() {
            return switch (type) {
                case "none" -> "none";
                case "constant" -> "constant:" + plain(value);
                case "linear" -> "linear:" + plain(value) + ":" + plain(slope);
                default -> "quadratic:" + plain(value) + ":" + plain(slope) + ":" + plain(curvature);
            };
        }

        /** 0.0002 rather than Java's 2.0E-4, 0 rather than 0.0: labels name files and plot lines. */
        private static String plain(double x) {
            return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
        }

        /** Without layer caps, the text of the earlier four-field record: run directories hash it. */
        @Override
        public String toString() {
            String base = "Gamma[type=" + type + ", value=" + value + ", slope=" + slope + ", curvature=" + curvature;
            return base + (layers.isEmpty() ? "]" : ", layers=" + layers + "]");
        }

        /** The cap of the pair whose child is {@code child} and whose parent has {@code groups} groups. */
        public double cap(String child, int groups) {
            Double fixed = layers.get(child);
            if (fixed != null) {
                return fixed;
            }
            double g = switch (type) {
                case "none" -> 1.0;
                case "constant" -> value;
                case "linear" -> value + slope * groups;
                case "quadratic" -> value + slope * groups + curvature * groups * groups;
                default -> throw new IllegalArgumentException("unknown gamma type " + type);
            };
            return Math.max(0, Math.min(1, g));
        }
    }

    public Recipe withEpochs(int epochs) {
        return new Recipe(name, description, seed, model, dataset, train.withEpochs(epochs), mint);
    }

    public Recipe withSeed(long newSeed) {
        return new Recipe(name, description, newSeed, model, dataset, train, mint);
    }

    public Recipe withDataset(Dataset data) {
        return new Recipe(name, description, seed, model, data, train, mint);
    }

    public Recipe withPruning(Pruning pruning) {
        return new Recipe(name, description, seed, model, dataset, train, pruning);
    }
}
