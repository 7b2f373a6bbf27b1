package org.mint4j.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            Removal removal = new Removal(this);
            if (steps == 1) {
                removal.inOneOrder();
            } else {
                removal.progressively();
            }
            return budget == Budget.LATENCY ? removal.searchLatency() : removal.result();
        }
    }

    /**
     * The channels removed so far, and what they cost. Under a latency budget, which the costs do not
     * give, the schedule runs to the caps and {@link #searchLatency} times prefixes of its blocks.
     */
    private static final class Removal {
        private record Block(int family, List<Integer> channels) {
        }

        private final Builder spec;
        private final List<Block> blocks = new ArrayList<>();
        private final List<ChannelFamily> families;
        private final int[] limit;
        private final int[] removedCount;
        private final List<boolean[]> removed = new ArrayList<>();
        private final Kept kept;
        private final int prunableChannels;
        private final Cost original;
        private int removedTotal;
        private Cost now;

        Removal(Builder spec) {
            this.spec = spec;
            this.families = List.copyOf(spec.families);
            limit = new int[families.size()];
            removedCount = new int[families.size()];
            int channels = 0;
            for (int f = 0; f < families.size(); f++) {
                ChannelFamily family = families.get(f);
                removed.add(new boolean[family.channels()]);
                if (!spec.skip.contains(family.name())) {
                    channels += family.channels();
                    limit[f] = Math.min(family.channels() - 1,
                            (int) Math.floor(spec.gamma.cap(family.name(), family.channels()) * family.channels()));
                }
            }
            if (channels == 0) {
                throw new IllegalArgumentException("no channel can be removed: every family is skipped or pinned");
            }
            prunableChannels = channels;
            kept = new Kept(spec.costs);
            original = kept.cost(0, prunableChannels);
            now = original;
        }

        boolean budgetMet() {
            return spec.budget != Budget.LATENCY && now.fraction(spec.budget, original) <= 1 - spec.target;
        }

        boolean prunable(int f) {
            return !spec.skip.contains(families.get(f).name());
        }

        void remove(int f, List<Integer> channels) {
            blocks.add(new Block(f, List.copyOf(channels)));
            for (int c : channels) {
                removed.get(f)[c] = true;
                kept.remove(families.get(f));
            }
            removedCount[f] += channels.size();
            removedTotal += channels.size();
            now = kept.cost(removedTotal, prunableChannels);
        }

        void inOneOrder() {
            record Entry(double score, int family, int channel) {
            }
            List<Entry> entries = new ArrayList<>();
            for (int f = 0; f < families.size(); f++) {
                for (int c = 0; prunable(f) && c < families.get(f).channels(); c++) {
                    entries.add(new Entry(spec.importance.get(f)[c], f, c));
                }
            }
            entries.sort(Comparator.comparingDouble(Entry::score).thenComparingInt(Entry::family)
                    .thenComparingInt(Entry::channel));
            Map<Integer, List<Integer>> pending = new HashMap<>();
            for (Entry e : entries) {
                if (budgetMet()) {
                    return;
                }
                int keptChannels = families.get(e.family()).channels() - removedCount[e.family()];
                int r = spec.roundTo;
                int block = r > 1 && keptChannels % r != 0 ? keptChannels % r : r;
                if (removedCount[e.family()] + block > limit[e.family()]) {
                    continue;
                }
                List<Integer> waiting = pending.computeIfAbsent(e.family(), k -> new ArrayList<>());
                waiting.add(e.channel());
                if (waiting.size() == block) {
                    remove(e.family(), waiting);
                    waiting.clear();
                }
            }
        }

        /**
         * Step k removes, from the families that can still lose a channel, as many as leave
         * floor(n (1 - k / steps)) of the n they had at the start (Torch-Pruning's linear schedule
         * of the pruning ratio): every channel at or under the score that many removals reach,
         * rounded per family.
         */
        void progressively() {
            int initial = 0;
            for (int f = 0; f < families.size(); f++) {
                initial += limit[f] > 0 ? families.get(f).channels() : 0;
            }
            for (int step = 1; step <= spec.steps; step++) {
                List<double[]> scores = currentScores();
                int candidates = 0;
                for (int f = 0; f < families.size(); f++) {
                    candidates += scores.get(f) == null ? 0 : families.get(f).channels() - removedCount[f];
                }
                int count = candidates - (int) Math.floor(initial * (1 - (double) step / spec.steps));
                if (candidates == 0) {
                    return; // every family is at its limit
                }
                if (count <= 0) {
                    continue;
                }
                double threshold = threshold(scores, count);
                // the family with the lowest channel first, so that a budget met within the step
                // stops where the lowest scores have gone
                List<Integer> order = new ArrayList<>();
                for (int f = 0; f < families.size(); f++) {
                    if (scores.get(f) != null) {
                        order.add(f);
                    }
                }
                order.sort(Comparator.comparingDouble(f -> Arrays.stream(scores.get(f)).min().orElse(0)));
                for (int f : order) {
                    if (removeInBlocks(f, cut(f, scores.get(f), threshold))) {
                        return;
                    }
                }
            }
        }

        /**
         * Per family that can still lose a channel, the criterion's scores (computed once) of its
         * kept channels, divided again by their mean if the criterion divides by its family's mean
         * (a family whose kept channels all score 0 stays at 0: dead channels rank lowest), the
         * removed ones +inf; null for the others.
         */
        private List<double[]> currentScores() {
            List<double[]> out = new ArrayList<>();
            for (int f = 0; f < families.size(); f++) {
                if (!prunable(f) || removedCount[f] >= limit[f]) {
                    out.add(null);
                    continue;
                }
                double[] values = spec.importance.get(f).clone();
                double mean = 0;
                for (int c = 0; c < values.length; c++) {
                    mean += removed.get(f)[c] ? 0 : values[c];
                }
                mean /= values.length - removedCount[f];
                for (int c = 0; c < values.length; c++) {
                    values[c] = removed.get(f)[c] ? Double.POSITIVE_INFINITY
                            : spec.normalizedPerFamily && mean > 0 ? values[c] / mean : values[c];
                }
                out.add(values);
            }
            return out;
        }

        /** The {@code count}-th lowest kept score (the highest one if fewer are kept). */
        private static double threshold(List<double[]> scores, int count) {
            double[] all = scores.stream().filter(s -> s != null).flatMapToDouble(Arrays::stream)
                    .filter(v -> v != Double.POSITIVE_INFINITY).sorted().toArray();
            return all[Math.min(count, all.length) - 1];
        }

        /**
         * The channels of family {@code f} a step removes, lowest first: those at or under the
         * threshold, and as many of its next lowest as round its kept width down to a multiple of
         * r; if its limit allows fewer, as many as it allows (in multiples of r). Torch-Pruning
         * instead skips a group its step would empty, so that a family whose channels tie (all
         * dead, say) would never lose any.
         */
        private List<Integer> cut(int f, double[] scores, double threshold) {
            int under = 0;
            for (double s : scores) {
                under += s <= threshold ? 1 : 0;
            }
            int keptChannels = scores.length - removedCount[f];
            int r = spec.roundTo;
            int count = under == 0 ? 0 : keptChannels - (keptChannels - under) / r * r;
            int room = limit[f] - removedCount[f];
            while (count > 0 && (count > room || (keptChannels - count) % r != 0)) {
                count--;
            }
            Integer[] byScore = new Integer[scores.length];
            Arrays.setAll(byScore, c -> c);
            Arrays.sort(byScore, Comparator.comparingDouble((Integer c) -> scores[c]).thenComparingInt(c -> c));
            return Arrays.asList(byScore).subList(0, count);
        }

        /**
         * Removes {@code cut} (lowest first) a block at a time, each leaving a multiple of r kept,
         * until the budget is met.
         *
         * @return whether the budget is met
         */
        private boolean removeInBlocks(int f, List<Integer> cut) {
            int done = 0;
            while (done < cut.size() && !budgetMet()) {
                int keptChannels = families.get(f).channels() - removedCount[f];
                int block = keptChannels % spec.roundTo == 0 ? spec.roundTo : keptChannels % spec.roundTo;
                remove(f, cut.subList(done, done + block));
                done += block;
            }
            return budgetMet();
        }

        /**
         * The shortest prefix of the blocks whose compacted network the probe times at no more than
         * 1 - target of the original's time, by bisection (latency falls as channels go, up to the
         * runtime's noise): about log2(blocks) + 2 timings.
         */
        ChannelPlan searchLatency() {
            double before = spec.latency.millis(prefix(0));
            double goal = (1 - spec.target) * before;
            int hi = blocks.size();
            double hiMillis = spec.latency.millis(prefix(hi));
            if (hiMillis > goal) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "a latency target of %.4f cannot be met: with cap %s, skip %s and rounding to %d the plan "
                        + "removes at most %.4f of the latency (%.3f of %.3f ms per batch)", spec.target,
                        spec.gamma.fullLabel(), spec.skip, spec.roundTo, 1 - hiMillis / before, hiMillis, before));
            }
            int lo = 0;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                double millis = spec.latency.millis(prefix(mid));
                if (millis <= goal) {
                    hi = mid;
                    hiMillis = millis;
                } else {
                    lo = mid;
                }
            }
            ChannelPlan chosen = prefix(hi);
            return new ChannelPlan(spec.budget, spec.target, families, chosen.removed,
                    chosen.original.withLatency(before), chosen.achieved.withLatency(hiMillis));
        }

        /** The plan of the first {@code count} blocks. */
        private ChannelPlan prefix(int count) {
            Removal replay = new Removal(spec);
            blocks.subList(0, count).forEach(b -> replay.remove(b.family(), b.channels()));
            return new ChannelPlan(spec.budget, spec.target, families, List.copyOf(replay.removed), replay.original,
                    replay.now);
        }

        ChannelPlan result() {
            if (!budgetMet()) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "a %s target of %.4f cannot be met: with cap %s, skip %s and rounding to %d the plan removes "
                        + "at most %.4f of the %s", spec.budget.label(), spec.target, spec.gamma.fullLabel(),
                        spec.skip, spec.roundTo, 1 - now.fraction(spec.budget, original), spec.budget.label()));
            }
            return new ChannelPlan(spec.budget, spec.target, families, List.copyOf(removed), original, now);
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

    /** Every tensor's kept shape as channels go, and the whole network's MACs and parameters from it. */
    private static final class Kept {
        private final TensorCosts costs;
        private final Map<String, long[]> shapes = new LinkedHashMap<>();
        private long macs;
        private long parameters;

        Kept(TensorCosts costs) {
            this.costs = costs;
            costs.shapes().forEach((t, s) -> shapes.put(t, s.clone()));
            macs = costs.macs();
            parameters = costs.parameters();
        }

        /** One channel of {@code family} removed from every tensor it cuts. */
        void remove(ChannelFamily family) {
            Set<String> touched = new LinkedHashSet<>();
            family.cuts().forEach(c -> touched.add(c.tensor()));
            for (String t : touched) {
                macs -= costs.macs(t, shapes.get(t));
                parameters -= TensorCosts.elements(shapes.get(t));
            }
            family.cuts().forEach(c -> shapes.get(c.tensor())[c.axis()] -= c.width());
            for (String t : touched) {
                macs += costs.macs(t, shapes.get(t));
                parameters += TensorCosts.elements(shapes.get(t));
            }
        }

        Cost cost(int removedChannels, int prunableChannels) {
            return new Cost(macs, parameters, removedChannels, prunableChannels, null);
        }
    }
}
