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
 * Which whole channels to remove: every channel of every family not skipped, ranked by importance
 * under one global order (lower first; ties by family, then channel), removed one after another
 * until the budget is met, and no further. A family never loses more than its cap (the recipe's
 * gamma of the family's name and channel count, times its channels) nor its last channel; with
 * {@code roundTo} r above 1 its channels go r at a time (the first removal brings the count to a
 * multiple of r), so that kept widths are multiples of r.
 *
 * @param removed per family, true for each removed channel
 * @param original the network's cost before
 * @param achieved the cost of the network with the removed channels gone: what the compacted
 *     network measures
 */
public record ChannelPlan(Budget budget, double target, List<ChannelFamily> families, List<boolean[]> removed,
        Cost original, Cost achieved) {

    /** MACs per sample, parameters, and removed channels out of the prunable ones. */
    public record Cost(long macs, long parameters, int removedChannels, int prunableChannels)
            implements java.io.Serializable {

        /** The fraction of the budget's quantity this cost keeps of {@code original}'s. */
        public double fraction(Budget budget, Cost original) {
            return switch (budget) {
                case MACS -> (double) macs / original.macs;
                case PARAMS -> (double) parameters / original.parameters;
                case CHANNELS -> 1 - (double) removedChannels / prunableChannels;
            };
        }
    }

    /**
     * @param importance per family, one value per channel (higher = keep)
     * @param target the fraction of the budget's quantity to remove, in (0, 1)
     * @throws IllegalArgumentException if the target is not in (0, 1), or cannot be met within the
     *     caps, saying how far the plan got
     */
    public static ChannelPlan plan(List<ChannelFamily> families, List<double[]> importance, TensorCosts costs,
            Budget budget, double target, Gamma gamma, List<String> skip, int roundTo) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target must be in (0, 1), got " + target);
        }
        record Entry(double score, int family, int channel) {
        }
        List<Entry> entries = new ArrayList<>();
        int[] limit = new int[families.size()];
        int prunable = 0;
        for (int f = 0; f < families.size(); f++) {
            ChannelFamily family = families.get(f);
            if (skip.contains(family.name())) {
                continue;
            }
            prunable += family.channels();
            limit[f] = Math.min(family.channels() - 1,
                    (int) Math.floor(gamma.cap(family.name(), family.channels()) * family.channels()));
            for (int c = 0; c < family.channels(); c++) {
                entries.add(new Entry(importance.get(f)[c], f, c));
            }
        }
        if (prunable == 0) {
            throw new IllegalArgumentException("no channel can be removed: every family is skipped or pinned");
        }
        entries.sort(Comparator.comparingDouble(Entry::score).thenComparingInt(Entry::family)
                .thenComparingInt(Entry::channel));
        Kept kept = new Kept(costs);
        Cost original = kept.cost(0, prunable);
        List<boolean[]> removed = new ArrayList<>();
        families.forEach(f -> removed.add(new boolean[f.channels()]));
        int[] removedCount = new int[families.size()];
        Map<Integer, List<Integer>> pending = new HashMap<>();
        int removedTotal = 0;
        Cost now = original;
        for (Entry e : entries) {
            if (now.fraction(budget, original) <= 1 - target) {
                break;
            }
            ChannelFamily family = families.get(e.family());
            int keptChannels = family.channels() - removedCount[e.family()];
            int block = roundTo > 1 && keptChannels % roundTo != 0 ? keptChannels % roundTo : Math.max(1, roundTo);
            if (removedCount[e.family()] + block > limit[e.family()]) {
                continue;
            }
            List<Integer> waiting = pending.computeIfAbsent(e.family(), k -> new ArrayList<>());
            waiting.add(e.channel());
            if (waiting.size() < block) {
                continue;
            }
            for (int c : waiting) {
                removed.get(e.family())[c] = true;
                kept.remove(family);
            }
            removedCount[e.family()] += waiting.size();
            removedTotal += waiting.size();
            waiting.clear();
            now = kept.cost(removedTotal, prunable);
        }
        if (now.fraction(budget, original) > 1 - target) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "a %s target of %.4f cannot be met: with cap %s, skip %s and rounding to %d the plan removes at "
                    + "most %.4f of the %s", budget.label(), target, gamma.fullLabel(), skip, roundTo,
                    1 - now.fraction(budget, original), budget.label()));
        }
        return new ChannelPlan(budget, target, List.copyOf(families), List.copyOf(removed), original, now);
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
            return new Cost(macs, parameters, removedChannels, prunableChannels);
        }
    }
}
