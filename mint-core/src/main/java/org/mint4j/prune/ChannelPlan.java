package org.mint4j.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.ChannelFamily.Role;

/**
 * Which whole channels to remove, lowest importance first, until the budget is met and no further.
 * A family never loses more than its cap (the recipe's gamma of the family's name and channel
 * count, times its channels) nor its last channel; with {@code roundTo} r above 1 its kept width
 * stays a multiple of r. Two schedules:
 * <ul>
 *   <li>one global order (the default): every channel of every family not skipped ranked once
 *       (ties by family, then channel) and removed one after another; with rounding a family's
 *       channels go r at a time, when the r-th of them comes up in the order (the first removal
 *       brings the count to a multiple of r);</li>
 *   <li>progressive, in {@code steps} steps: Torch-Pruning's global pruning. At step k a threshold
 *       is set where the families' kept channels, ranked together, would be down to 1 - k / steps
 *       of what they had; every family with channels at or under it loses them, rounded down to
 *       a multiple of r (Torch-Pruning's {@code round_to}), or what its limit allows. The
 *       criterion's scores are computed once; at every step those of a criterion normalised by
 *       its family's mean are divided again by the mean of the channels the family still has (as
 *       Torch-Pruning's {@code normalizer="mean"}). Torch-Pruning recomputes the importance from
 *       the pruned weights at every step, which differs only where one family's removal changes
 *       another's tensors, and it meets a budget only between steps; this plan stops at the
 *       first block that meets it.</li>
 * </ul>
 * The two differ most in where they cut: one order takes the r lowest of a family only when all r
 * rank low, so wide families, whose lowest channels are the most extreme, go first; progressive
 * rounding takes a whole block from a family as soon as one of its channels ranks low, and
 * renormalising makes a family that lost its weakest channels rank lower still.
 *
 * @param removed per family, true for each removed channel
 * @param original the network's cost before
 * @param achieved the cost of the network with the removed channels gone: what the compacted
 *     network measures
 */
public record ChannelPlan(Budget budget, double target, List<ChannelFamily> families, List<boolean[]> removed,
        Cost original, Cost achieved) {

    /**
     * MACs per sample, parameters, and removed channels out of the prunable ones; with a latency
     * budget also the milliseconds per batch measured (else null).
     */
    public record Cost(long macs, long parameters, int removedChannels, int prunableChannels, Double latencyMillis)
            implements java.io.Serializable {

        /** The fraction of the budget's quantity this cost keeps of {@code original}'s. */
        public double fraction(Budget budget, Cost original) {
            return switch (budget) {
                case MACS -> (double) macs / original.macs;
                case PARAMS -> (double) parameters / original.parameters;
                case CHANNELS -> 1 - (double) removedChannels / prunableChannels;
                case LATENCY -> latencyMillis / original.latencyMillis;
            };
        }

        Cost withLatency(double millis) {
            return new Cost(macs, parameters, removedChannels, prunableChannels, millis);
        }
    }

    /** Times a candidate plan: its compacted network's milliseconds per batch in the deployment runtime. */
    @FunctionalInterface
    public interface LatencyProbe {
        double millis(ChannelPlan candidate);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sets the families with their importances, the costs and the budget (required), the rest optionally. */
    public static final class Builder {
        private List<ChannelFamily> families;
        private List<double[]> importance;
        private TensorCosts costs;
        private Budget budget;
        private double target;
        private Gamma gamma = Gamma.NONE;
        private List<String> skip = List.of();
        private int roundTo = 1;
        private int steps = 1;
        private boolean normalizedPerFamily;
        private LatencyProbe latency;

        private Builder() {
        }

        /** @param importance per family, one value per channel (higher = keep) */
        public Builder setFamilies(List<ChannelFamily> families, List<double[]> importance) {
            this.families = families;
            this.importance = importance;
            return this;
        }

        public Builder setCosts(TensorCosts costs) {
            this.costs = costs;
            return this;
        }

        /** @param target the fraction of the budget's quantity to remove, in (0, 1) */
        public Builder setBudget(Budget budget, double target) {
            this.budget = budget;
            this.target = target;
            return this;
        }

        public Builder optGamma(Gamma gamma) {
            this.gamma = gamma;
            return this;
        }

        /** Families by name that keep every channel. */
        public Builder optSkip(List<String> skip) {
            this.skip = skip;
            return this;
        }

        /** Kept widths in multiples of this (1, the default: any width). */
        public Builder optRoundTo(int roundTo) {
            this.roundTo = roundTo;
            return this;
        }

        /**
         * Progressive in this many steps (1, the default: one global order).
         *
         * @param normalizedPerFamily whether the importances are divided by their family's mean
         *     ({@link ChannelCriterion#normalizedPerFamily}): a progressive plan then divides them
         *     again by the mean of the channels each family still has, at every step (one order
         *     needs no such division)
         */
        public Builder optSteps(int steps, boolean normalizedPerFamily) {
            this.steps = steps;
            this.normalizedPerFamily = normalizedPerFamily;
            return this;
        }

        /** How a candidate is timed; required by the latency budget. */
        public Builder optLatency(LatencyProbe probe) {
            this.latency = probe;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the target is not in (0, 1), or cannot be met within the
         *     caps, saying how far the plan got
         */
        public ChannelPlan build() {
            if (families == null || importance == null || costs == null || budget == null) {
                throw new IllegalStateException("families, costs and budget are required");
            }
            if (!(target > 0 && target < 1)) {
                throw new IllegalArgumentException("target must be in (0, 1), got " + target);
            }
            if (roundTo < 1 || steps < 1) {
                throw new IllegalArgumentException("round_to and steps must be at least 1, got " + roundTo + " and "
                        + steps);
            }
            if (budget == Budget.LATENCY && latency == null) {
                throw new IllegalArgumentException("a latency budget needs a runtime to time the network in");
            }
            ChannelRemoval removal = new ChannelRemoval(new ChannelRemoval.Spec(List.copyOf(families), importance,
                    costs, budget, target, gamma, skip, roundTo, steps, normalizedPerFamily, latency));
            if (steps == 1) {
                removal.inOneOrder();
            } else {
                removal.progressively();
            }
            return budget == Budget.LATENCY ? removal.searchLatency() : removal.result();
        }
    }

    /** Element masks (1 keep, 0 zero): every removed channel's filters and input columns, by weight name. */
    public Masks masks(Map<String, long[]> shapes) {
        Map<String, float[]> masks = new LinkedHashMap<>();
        for (int f = 0; f < families.size(); f++) {
            for (ChannelFamily.Cut cut : families.get(f).cuts()) {
                if (cut.role() != Role.WRITER && cut.role() != Role.READER) {
                    continue;
                }
                long[] shape = shapes.get(cut.tensor());
                float[] mask = masks.computeIfAbsent(cut.tensor(), t -> {
                    float[] ones = new float[Math.toIntExact(TensorCosts.elements(shape))];
                    Arrays.fill(ones, 1f);
                    return ones;
                });
                for (int c = 0; c < removed.get(f).length; c++) {
                    if (removed.get(f)[c]) {
                        cut.forEachRun(shape, c, (from, to) -> {
                            Arrays.fill(mask, from, to, 0f);
                            return 0;
                        });
                    }
                }
            }
        }
        Masks out = new Masks();
        masks.forEach((tensor, mask) -> out.multiply(tensor, shapes.get(tensor), mask));
        return out;
    }

    /** Kept channels per family, by family name: the widths of the compacted network. */
    public Map<String, Integer> keptChannels() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int f = 0; f < families.size(); f++) {
            int kept = 0;
            for (boolean r : removed.get(f)) {
                kept += r ? 0 : 1;
            }
            out.put(families.get(f).name(), kept);
        }
        return out;
    }
}
