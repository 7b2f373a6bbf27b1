package org.mint4j.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mint4j.recipe.Recipe;

class MaskPlanTest {

    /** fc1 -> fc2: 4 parents in 2 groups, 2 children in 2 groups; fc2 -> fc3: 2 parents in 2 groups, 1 child. */
    static List<ScoredPair> pairs(double[][] first, double[][] second) {
        return List.of(new ScoredPair(new LayerPair("fc1", "fc2", 2, 2), new long[] {2, 4}, first),
                new ScoredPair(new LayerPair("fc2", "fc3", 2, 1), new long[] {1, 2}, second));
    }

    @Test
    void theGlobalPercentileCountsGroupPairsAndBreaksTiesByPosition() {
        // Six group pairs; three share the lowest score 0.1.
        List<ScoredPair> p = pairs(new double[][] {{0.5, 0.1}, {0.1, 0.9}}, new double[][] {{0.1, 0.7}});
        MaskPlan half = MaskPlan.plan(p, 0.5, Gamma.NONE, List.of());
        // 3 of 6 pruned: all three ties, although the percentile over distinct values would differ.
        assertArrayEquals(new boolean[] {false, true}, half.pruned().get(0)[0]);
        assertArrayEquals(new boolean[] {true, false}, half.pruned().get(0)[1]);
        assertArrayEquals(new boolean[] {true, false}, half.pruned().get(1)[0]);
        MaskPlan third = MaskPlan.plan(p, 2.0 / 6, Gamma.NONE, List.of());
        // Two of the three tied: the earlier layer pair's, child 0 before child 1.
        assertArrayEquals(new boolean[] {false, true}, third.pruned().get(0)[0]);
        assertArrayEquals(new boolean[] {true, false}, third.pruned().get(0)[1]);
        assertArrayEquals(new boolean[] {false, false}, third.pruned().get(1)[0]);
    }

    @Test
    void gammaCapsEachLayerPairAndKeepsItsHighestScores() {
        List<ScoredPair> p = pairs(new double[][] {{0.1, 0.2}, {0.3, 0.4}}, new double[][] {{0.9, 0.8}});
        MaskPlan capped = MaskPlan.plan(p, 0.99, new Gamma("constant", 0.5, 0.0, 0.0, null), List.of());
        // 6 wanted; at most floor(0.5 * 4) = 2 in the first pair, floor(0.5 * 2) = 1 in the second.
        assertArrayEquals(new boolean[] {true, true}, capped.pruned().get(0)[0]);
        assertArrayEquals(new boolean[] {false, false}, capped.pruned().get(0)[1]);
        assertArrayEquals(new boolean[] {false, true}, capped.pruned().get(1)[0]);
        assertEquals(0.5, new Gamma("linear", 0.25, 0.25, 0.0, null).cap("fc2", 1), 1e-12);
        Gamma quadratic = new Gamma("quadratic", 0.5, 0.0, 1.0, Map.of("fc3", 0.25));
        assertEquals(1.0, quadratic.cap("fc2", 3), 1e-12);
        assertEquals(0.25, quadratic.cap("fc3", 3), 1e-12, "a layer's own cap replaces the formula");
        // Point directories digest the full label: every coefficient and every layer cap.
        assertEquals("linear:0.25:0.25", new Gamma("linear", 0.25, 0.25, 0.0, null).fullLabel());
        assertEquals("quadratic:0.5:0:1 layers={fc3=0.25}", quadratic.fullLabel());
    }

    @Test
    void skippedLayersAreNeverPrunedAndCountUnprunedInTheZeroedFraction() {
        List<ScoredPair> p = pairs(new double[][] {{0.5, 0.6}, {0.7, 0.8}}, new double[][] {{0.1, 0.2}});
        MaskPlan plan = MaskPlan.plan(p, 0.5, Gamma.NONE, List.of("fc3"));
        assertArrayEquals(new boolean[] {false, false}, plan.pruned().get(1)[0]);
        assertArrayEquals(new boolean[] {true, true}, plan.pruned().get(0)[0]);
        assertArrayEquals(new boolean[] {false, false}, plan.pruned().get(0)[1]);
        // The plan's fraction is the masks' (what a retrained point reports): fc3's 2 weights
        // count, unpruned, beside fc2's 8, of which 4 are zeroed.
        Masks masks = plan.masks(Map.of("fc2", "fc2.weight", "fc3", "fc3.weight"));
        long zeros = masks.zeros("fc2.weight") + masks.zeros("fc3.weight");
        long weights = masks.byWeight().values().stream().mapToLong(m -> m.length).sum();
        assertArrayEquals(new long[] {4, 10}, plan.zeroedAndTotalWeights());
        assertArrayEquals(new long[] {zeros, weights}, plan.zeroedAndTotalWeights());
    }

    @Test
    void masksZeroEveryWeightJoiningThePrunedGroups() {
        List<ScoredPair> p = pairs(new double[][] {{0.1, 0.9}, {0.8, 0.7}}, new double[][] {{0.9, 0.8}});
        MaskPlan plan = MaskPlan.plan(p, 1.0 / 6, Gamma.NONE, List.of());
        Masks masks = plan.masks(java.util.Map.of("fc2", "fc2.weight", "fc3", "fc3.weight"));
        // Child group 0 = output 0, parent group 0 = inputs 0 and 1: W[0][0], W[0][1] zeroed.
        assertArrayEquals(new float[] {0, 0, 1, 1, 1, 1, 1, 1}, masks.byWeight().get("fc2.weight"));
        assertArrayEquals(new float[] {1, 1}, masks.byWeight().get("fc3.weight"));
        assertEquals(2, masks.zeros("fc2.weight"));
        assertThrows(IllegalArgumentException.class, () -> MaskPlan.plan(p, 1.0, Gamma.NONE, List.of()));
    }

    /**
     * cat reads a Concat of a (2 outputs, its inputs 0 and 1) and a conv b flattened from 1x2 maps
     * (2 channels, inputs 2..5 in blocks of 2): one pair each, both cutting the same weight, with
     * the weight counted once.
     */
    @Test
    void pairsOfSlicesCutTheirOwnColumnsOfTheSharedChild() {
        long[] shape = {2, 6};
        List<ScoredPair> p = List.of(
                new ScoredPair(new LayerPair("a", "cat", 2, 2, new LayerPair.Columns(0, 2, 1)), shape,
                        new double[][] {{0.9, 0.1}, {0.9, 0.9}}),
                new ScoredPair(new LayerPair("b", "cat", 2, 2, new LayerPair.Columns(2, 2, 2)), shape,
                        new double[][] {{0.9, 0.9}, {0.2, 0.9}}));
        MaskPlan plan = MaskPlan.plan(p, 0.25, Gamma.NONE, List.of());
        Masks masks = plan.masks(Map.of("cat", "cat.weight"));
        // Output 0 loses input 1 (a's output 1); output 1 loses inputs 2 and 3 (b's channel 0).
        assertArrayEquals(new float[] {1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1}, masks.byWeight().get("cat.weight"));
        assertArrayEquals(new long[] {3, 12}, plan.zeroedAndTotalWeights());
    }
}
