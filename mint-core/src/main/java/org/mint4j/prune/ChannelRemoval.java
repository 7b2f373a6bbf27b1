package org.mint4j.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.prune.ChannelPlan.Cost;
import org.mint4j.prune.ChannelPlan.LatencyProbe;

/**
 * How a {@link ChannelPlan} is found: its schedules (one global order, or progressive steps) remove
 * blocks of channels and keep count of the channels removed so far and of what the network then
 * costs. Under a latency budget, which the costs do not give, the schedule runs to the caps and
 * {@link #searchLatency} times prefixes of its blocks.
 */
final class ChannelRemoval {

    /** What {@link ChannelPlan.Builder} was given, validated. */
    record Spec(List<ChannelFamily> families, List<double[]> importance, TensorCosts costs, Budget budget,
            double target, Gamma gamma, List<String> skip, int roundTo, int steps, boolean normalizedPerFamily,
            LatencyProbe latency) {
    }

    private record Block(int family, List<Integer> channels) {
    }

    private final Spec spec;
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

    ChannelRemoval(Spec spec) {
        this.spec = spec;
        this.families = spec.families();
        limit = new int[families.size()];
        removedCount = new int[families.size()];
        int channels = 0;
        for (int f = 0; f < families.size(); f++) {
            ChannelFamily family = families.get(f);
            removed.add(new boolean[family.channels()]);
            if (!spec.skip().contains(family.name())) {
                channels += family.channels();
                limit[f] = Math.min(family.channels() - 1,
                        (int) Math.floor(spec.gamma().cap(family.name(), family.channels()) * family.channels()));
            }
        }
        if (channels == 0) {
            throw new IllegalArgumentException("no channel can be removed: every family is skipped or pinned");
        }
        prunableChannels = channels;
        kept = new Kept(spec.costs());
        original = kept.cost(0, prunableChannels);
        now = original;
    }

    boolean budgetMet() {
        return spec.budget() != Budget.LATENCY && now.fraction(spec.budget(), original) <= 1 - spec.target();
    }

    boolean prunable(int f) {
        return !spec.skip().contains(families.get(f).name());
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
                entries.add(new Entry(spec.importance().get(f)[c], f, c));
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
            int r = spec.roundTo();
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
        for (int step = 1; step <= spec.steps(); step++) {
            List<double[]> scores = currentScores();
            int candidates = 0;
            for (int f = 0; f < families.size(); f++) {
                candidates += scores.get(f) == null ? 0 : families.get(f).channels() - removedCount[f];
            }
            int count = candidates - (int) Math.floor(initial * (1 - (double) step / spec.steps()));
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
            double[] values = spec.importance().get(f).clone();
            double mean = 0;
            for (int c = 0; c < values.length; c++) {
                mean += removed.get(f)[c] ? 0 : values[c];
            }
            mean /= values.length - removedCount[f];
            for (int c = 0; c < values.length; c++) {
                values[c] = removed.get(f)[c] ? Double.POSITIVE_INFINITY
                        : spec.normalizedPerFamily() && mean > 0 ? values[c] / mean : values[c];
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
        int r = spec.roundTo();
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
            int block = keptChannels % spec.roundTo() == 0 ? spec.roundTo() : keptChannels % spec.roundTo();
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
        double before = spec.latency().millis(prefix(0));
        double goal = (1 - spec.target()) * before;
        int hi = blocks.size();
        double hiMillis = spec.latency().millis(prefix(hi));
        if (hiMillis > goal) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a latency target of %.4f cannot be met: with cap %s, skip %s and rounding to %d the plan "
                    + "removes at most %.4f of the latency (%.3f of %.3f ms per batch)", spec.target(),
                    spec.gamma().fullLabel(), spec.skip(), spec.roundTo(), 1 - hiMillis / before, hiMillis, before));
        }
        int lo = 0;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            double millis = spec.latency().millis(prefix(mid));
            if (millis <= goal) {
                hi = mid;
                hiMillis = millis;
            } else {
                lo = mid;
            }
        }
        ChannelPlan chosen = prefix(hi);
        return new ChannelPlan(spec.budget(), spec.target(), families, chosen.removed(),
                chosen.original().withLatency(before), chosen.achieved().withLatency(hiMillis));
    }

    /** The plan of the first {@code count} blocks. */
    private ChannelPlan prefix(int count) {
        ChannelRemoval replay = new ChannelRemoval(spec);
        blocks.subList(0, count).forEach(b -> replay.remove(b.family(), b.channels()));
        return new ChannelPlan(spec.budget(), spec.target(), families, List.copyOf(replay.removed), replay.original,
                replay.now);
    }

    ChannelPlan result() {
        if (!budgetMet()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a %s target of %.4f cannot be met: with cap %s, skip %s and rounding to %d the plan removes "
                    + "at most %.4f of the %s", spec.budget().label(), spec.target(), spec.gamma().fullLabel(),
                    spec.skip(), spec.roundTo(), 1 - now.fraction(spec.budget(), original), spec.budget().label()));
        }
        return new ChannelPlan(spec.budget(), spec.target(), families, List.copyOf(removed), original, now);
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
