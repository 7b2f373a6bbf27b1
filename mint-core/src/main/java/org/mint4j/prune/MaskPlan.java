package org.mint4j.prune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which group pairs to prune: a global percentile over all group-pair scores (over groups, not
 * over distinct values), then a per-layer cap gamma. Ties are broken by position: lower score
 * first, then earlier layer pair, then lower child group, then lower parent group.
 *
 * @param target the fraction of group pairs the global percentile prunes before the caps
 * @param pruned per scored pair, [child group][parent group] true where the weights are zeroed
 */
public record MaskPlan(double target, List<ScoredPair> pairs, List<boolean[][]> pruned) {

    /**
     * Plans masks for {@code target} over the pairs whose child layer is not skipped.
     *
     * @throws IllegalArgumentException if the target is not in (0, 1)
     */
    public static MaskPlan plan(List<ScoredPair> pairs, double target, Gamma gamma, List<String> skip) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target sparsity must be in (0, 1), got " + target);
        }
        record Entry(double score, int pair, int child, int parent) {
        }
        List<Entry> entries = new ArrayList<>();
        List<boolean[][]> pruned = new ArrayList<>();
        for (int p = 0; p < pairs.size(); p++) {
            ScoredPair sp = pairs.get(p);
            pruned.add(new boolean[sp.pair().childGroups()][sp.pair().parentGroups()]);
            if (skip.contains(sp.pair().child())) {
                continue;
            }
            for (int i = 0; i < sp.scores().length; i++) {
                for (int j = 0; j < sp.scores()[i].length; j++) {
                    entries.add(new Entry(sp.scores()[i][j], p, i, j));
                }
            }
        }
        entries.sort(Comparator.comparingDouble(Entry::score).thenComparingInt(Entry::pair)
                .thenComparingInt(Entry::child).thenComparingInt(Entry::parent));
        int count = (int) Math.round(target * entries.size());
        int[] perPair = new int[pairs.size()];
        for (int e = 0; e < count; e++) {
            Entry entry = entries.get(e);
            ScoredPair sp = pairs.get(entry.pair());
            // The cap keeps the lowest-scored floor(gamma * total) group pairs of a layer pair.
            int cap = (int) Math.floor(gamma.cap(sp.pair().child(), sp.pair().parentGroups()) * sp.groupPairs());
            if (perPair[entry.pair()] < cap) {
                pruned.get(entry.pair())[entry.child()][entry.parent()] = true;
                perPair[entry.pair()]++;
            }
        }
        return new MaskPlan(target, List.copyOf(pairs), List.copyOf(pruned));
    }

    /**
     * Weights zeroed by the plan and weights of every pair's child layer, skipped ones included, as
     * {zeroed, total}: the same fraction a retrained point reports (its masks cover those layers).
     */
    public long[] zeroedAndTotalWeights() {
        long zeroed = 0;
        long total = 0;
        java.util.Set<String> children = new java.util.HashSet<>();
        for (int p = 0; p < pairs.size(); p++) {
            ScoredPair sp = pairs.get(p);
            long[] shape = sp.childWeightShape();
            long per = sp.pair().connectionLength(shape);
            if (children.add(sp.pair().child())) {
                // A child reading several parents (slices of a Concat) counts once.
                total += TensorCosts.elements(shape);
            }
            var childGroups = sp.childGroups();
            var parentGroups = sp.parentGroups();
            boolean[][] cut = pruned.get(p);
            for (int i = 0; i < cut.length; i++) {
                for (int j = 0; j < cut[i].length; j++) {
                    if (cut[i][j]) {
                        zeroed += (long) childGroups.columns(i).length * parentGroups.columns(j).length * per;
                    }
                }
            }
        }
        return new long[] {zeroed, total};
    }

    /** Element masks of the child weights (1 keep, 0 zero), by PyTorch weight name. */
    public Masks masks(java.util.Map<String, String> weightOfLayer) {
        Masks masks = new Masks();
        for (int p = 0; p < pairs.size(); p++) {
            ScoredPair sp = pairs.get(p);
            long[] shape = sp.childWeightShape();
            int per = sp.pair().connectionLength(shape);
            float[] mask = new float[Math.toIntExact(TensorCosts.elements(shape))];
            java.util.Arrays.fill(mask, 1f);
            boolean[][] cut = pruned.get(p);
            var childGroups = sp.childGroups();
            var parentGroups = sp.parentGroups();
            for (int i = 0; i < cut.length; i++) {
                for (int j = 0; j < cut[i].length; j++) {
                    if (!cut[i][j]) {
                        continue;
                    }
                    for (int o : childGroups.columns(i)) {
                        for (int q : parentGroups.columns(j)) {
                            int base = sp.pair().connectionStart(o, q, shape);
                            java.util.Arrays.fill(mask, base, base + per, 0f);
                        }
                    }
                }
            }
            masks.multiply(weightOfLayer.get(sp.pair().child()), shape, mask);
        }
        return masks;
    }
}
