package org.mint4j.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.ChannelFamily.Cut;
import org.mint4j.nn.ChannelFamily.Role;
import org.mint4j.nn.Safetensors.Tensor;

/**
 * The channel plan and the channel criteria on a hand-made three-layer MLP, a (8) -> b (6) -> c
 * (2) with inputs of width 4: family a (a's rows and bias, b's columns) and family b (b's rows and
 * bias, c's columns).
 */
class ChannelPlanTest {

    static final Map<String, long[]> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("a.weight", new long[] {8, 4});
        SHAPES.put("a.bias", new long[] {8});
        SHAPES.put("b.weight", new long[] {6, 8});
        SHAPES.put("b.bias", new long[] {6});
        SHAPES.put("c.weight", new long[] {2, 6});
    }

    static final TensorCosts COSTS = new TensorCosts(SHAPES, Map.of("a.weight", 1L, "b.weight", 1L, "c.weight", 1L));

    static ChannelFamily family(String layer, String reader, int channels) {
        int[] identity = IntStream.range(0, channels).toArray();
        return new ChannelFamily(layer, channels, List.of(new Cut(layer + ".weight", 0, Role.WRITER, identity, 1),
                new Cut(layer + ".bias", 0, Role.OTHER, identity, 1),
                new Cut(reader + ".weight", 1, Role.READER, identity, 1)));
    }

    static final List<ChannelFamily> FAMILIES = List.of(family("a", "b", 8), family("b", "c", 6));

    static int removed(ChannelPlan plan, int family) {
        int n = 0;
        for (boolean r : plan.removed().get(family)) {
            n += r ? 1 : 0;
        }
        return n;
    }

    @Test
    void removesTheLeastImportantChannelsUntilTheBudgetAndNoFurther() {
        // Importance rises with the channel index in a, falls in b: a0, b5, a1, b4, ... in order.
        List<double[]> importance = List.of(new double[] {0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5},
                new double[] {1.2, 1.0, 0.8, 0.6, 0.4, 0.2});
        // MACs: a 32 + b 48 + c 12 = 92. An a channel costs 4 + 6 = 10, a b channel 8 + 2 = 10
        // (while the other side is whole). 30% = 27.6 MACs: three channels (a0, b5, a1) leave 62.
        ChannelPlan plan = ChannelPlan.builder().setFamilies(FAMILIES, importance).setCosts(COSTS)
                .setBudget(Budget.MACS, 0.3).build();
        assertEquals(92, plan.original().macs());
        assertArrayEquals(new boolean[] {true, true, false, false, false, false, false, false}, plan.removed().get(0));
        assertArrayEquals(new boolean[] {false, false, false, false, false, true}, plan.removed().get(1));
        // a loses 2 of 8 rows (4 each) and b's 2 columns of its 6 rows, b loses a row of 6 and c a column.
        assertEquals(6 * 4 + 5 * 6 + 2 * 5, plan.achieved().macs());
        assertEquals(6 * 4 + 6 + 5 * 6 + 5 + 2 * 5, plan.achieved().parameters());
        assertEquals(3, plan.achieved().removedChannels());
        assertEquals(14, plan.achieved().prunableChannels());
        assertEquals(Map.of("a", 6, "b", 5), plan.keptChannels());

        ChannelPlan byCount = ChannelPlan.builder().setFamilies(FAMILIES, importance).setCosts(COSTS)
                .setBudget(Budget.CHANNELS, 0.5).build();
        assertEquals(7, byCount.achieved().removedChannels(), "half of 14 channels, exactly");
    }

    @Test
    void capsSkipsAndRoundingBoundEachFamily() {
        List<double[]> importance = List.of(new double[8], new double[6]);
        // floor(0.25 * 8) = 2 and floor(0.25 * 6) = 1 at most: 3 of 14 cannot reach 7.
        ChannelPlan.Builder half = ChannelPlan.builder().setFamilies(FAMILIES, importance).setCosts(COSTS)
                .setBudget(Budget.CHANNELS, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> half.optGamma(new Gamma("constant", 0.25, 0.0, 0.0, null)).build());
        assertTrue(e.getMessage().contains("a channels target of 0.5000 cannot be met") && e.getMessage()
                .contains("removes at most 0.2143 of the channels"), e.getMessage());
        IllegalArgumentException inSteps = assertThrows(IllegalArgumentException.class,
                () -> half.optSteps(14, true).build());
        assertEquals(e.getMessage(), inSteps.getMessage(), "steps reach the same caps");
        half.optSteps(1, false);

        half.optGamma(Gamma.NONE);
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
                () -> half.optSkip(List.of("a", "b")).build());
        assertTrue(nothing.getMessage().contains("no channel can be removed"), nothing.getMessage());

        ChannelPlan skipped = ChannelPlan.builder().setFamilies(FAMILIES, importance).setCosts(COSTS)
                .setBudget(Budget.CHANNELS, 0.5).optSkip(List.of("a")).build();
        assertEquals(0, removed(skipped, 0));
        assertEquals(3, removed(skipped, 1), "half of b's 6, the only prunable family");

        // Rounding to 4: a (8) goes 4 at a time (never its last 4: a family keeps a channel), b (6)
        // first 2, to a multiple of 4.
        ChannelPlan rounded = ChannelPlan.builder().setFamilies(FAMILIES, importance).setCosts(COSTS)
                .setBudget(Budget.CHANNELS, 0.4).optRoundTo(4).build();
        assertEquals(0, (8 - removed(rounded, 0)) % 4);
        assertEquals(0, (6 - removed(rounded, 1)) % 4);
        assertEquals(6, removed(rounded, 0) + removed(rounded, 1), "4 then 2: the first count reaching 40% of 14");
    }

    @Test
    void progressiveStepsRoundAFamilyDownOnceOneOfItsChannelsRanksLow() {
        // a0 ranks lowest of all; the rest of a ranks above every channel of b.
        List<double[]> importance = List.of(new double[] {0.1, 1, 1, 1, 1, 1, 1, 1},
                new double[] {0.5, 0.5, 0.5, 0.5, 2, 2});
        ChannelPlan.Builder quarter = ChannelPlan.builder().setFamilies(FAMILIES, importance).setCosts(COSTS)
                .setBudget(Budget.CHANNELS, 0.25).optRoundTo(4);
        // One order: a0, then b0 and b1 (b to 4), then a1 to a3 complete a's first block of 4.
        ChannelPlan oneOrder = quarter.build();
        assertEquals(4, removed(oneOrder, 0));
        assertEquals(2, removed(oneOrder, 1));
        // Progressive, one channel a step: a0 alone triggers a, rounded down from 7 kept to 4.
        ChannelPlan progressive = quarter.optSteps(14, false).build();
        assertArrayEquals(new boolean[] {true, true, true, true, false, false, false, false},
                progressive.removed().get(0));
        assertEquals(0, removed(progressive, 1));
        assertEquals(4, progressive.achieved().removedChannels(), "stopped at the first block meeting the budget");
    }

    @Test
    void progressiveRenormalisingIsBlindToEachFamilysScaleAndCutsAFamilyItHasCutBefore() {
        List<double[]> importance = List.of(new double[] {0.2, 0.3, 1.2, 1.3, 1.4, 1.1, 1.25, 1.25},
                new double[] {0.9, 1.2, 0.8, 1.1, 0.97, 1.03});
        List<double[]> rescaled = List.of(importance.get(0),
                Arrays.stream(importance.get(1)).map(v -> 7 * v).toArray());
        ChannelPlan.Builder third = ChannelPlan.builder().setCosts(COSTS).setBudget(Budget.CHANNELS, 0.3)
                .optSteps(14, true);
        ChannelPlan plan = third.setFamilies(FAMILIES, importance).build();
        assertEquals(plan.removed().stream().map(Arrays::toString).toList(),
                third.setFamilies(FAMILIES, rescaled).build().removed().stream().map(Arrays::toString).toList());
        // Five channels: a0 and a1 go first, then b2 and b0. a's mean has risen from 1.0 to 1.25, so
        // a5 (1.1 / 1.25 = 0.88) ranks below b4 (0.97 / 1.075 = 0.90), which one order takes fifth.
        assertArrayEquals(new boolean[] {true, true, false, false, false, true, false, false}, plan.removed().get(0));
        assertArrayEquals(new boolean[] {true, false, true, false, false, false}, plan.removed().get(1));
        ChannelPlan unnormalised = third.setFamilies(FAMILIES, importance).optSteps(14, false).build();
        assertEquals(2, removed(unnormalised, 0));
        assertArrayEquals(new boolean[] {true, false, true, false, true, false}, unnormalised.removed().get(1));
    }

    @Test
    void aLatencyBudgetTimesPrefixesOfTheScheduleAndKeepsTheShortestThatMeetsIt() {
        List<double[]> importance = List.of(new double[] {0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5},
                new double[] {1.2, 1.0, 0.8, 0.6, 0.4, 0.2});
        // A runtime whose time is the MACs: the latency budget must plan what the MACs budget plans.
        int[] timings = {0};
        ChannelPlan.LatencyProbe macs = candidate -> {
            timings[0]++;
            return candidate.achieved().macs();
        };
        for (int steps : new int[] {1, 14}) {
            ChannelPlan.Builder builder = ChannelPlan.builder().setFamilies(FAMILIES, importance).setCosts(COSTS)
                    .optRoundTo(2).optSteps(steps, false);
            ChannelPlan byMacs = builder.setBudget(Budget.MACS, 0.45).build();
            timings[0] = 0;
            ChannelPlan byLatency = builder.setBudget(Budget.LATENCY, 0.45).optLatency(macs).build();
            assertEquals(byMacs.removed().stream().map(Arrays::toString).toList(),
                    byLatency.removed().stream().map(Arrays::toString).toList(), "steps " + steps);
            assertEquals(92.0, byLatency.original().latencyMillis());
            assertEquals((double) byMacs.achieved().macs(), byLatency.achieved().latencyMillis());
            assertTrue(byLatency.achieved().fraction(Budget.LATENCY, byLatency.original()) <= 0.55);
            // 6 blocks of 2 at most: the original, all of them, then bisection.
            assertTrue(timings[0] <= 2 + 3, timings[0] + " timings");
        }
        IllegalArgumentException unreachable = assertThrows(IllegalArgumentException.class,
                () -> ChannelPlan.builder().setFamilies(FAMILIES, importance).setCosts(COSTS)
                        .setBudget(Budget.LATENCY, 0.5).optLatency(candidate -> 10.0 - 0.01 * candidate
                                .achieved().removedChannels()).build());
        assertTrue(unreachable.getMessage().contains("a latency target of 0.5000 cannot be met")
                && unreachable.getMessage().contains("removes at most 0.0120 of the latency (9.880 of 10.000 ms"),
                unreachable.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelPlan.builder().setFamilies(FAMILIES, importance)
                .setCosts(COSTS).setBudget(Budget.LATENCY, 0.5).build(), "no runtime to time it in");
    }

    @Test
    void filterNormsAndSlimmingReadTheTensorsOfTheSet() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        float[] a = new float[32];
        float[] b = new float[48];
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 4 == 0 ? -(i / 4 + 1) : 0; // row o has one weight -(o + 1)
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = 1; // every column of b sums to 6
        }
        tensors.put("a.weight", new Tensor(new long[] {8, 4}, a));
        tensors.put("b.weight", new Tensor(new long[] {6, 8}, b));
        ChannelEvidence evidence = new ChannelEvidence(tensors, Map.of(), List.of());
        double[] l1 = new FilterNormCriterion(1).importance(FAMILIES.get(0), evidence);
        // Per channel (o + 1 + 6) / 2 over the family's mean (4.5 + 6) / 2 = 5.25.
        for (int o = 0; o < 8; o++) {
            assertEquals((o + 1 + 6) / 2.0 / 5.25, l1[o], 1e-12);
        }
        IllegalArgumentException noNorm = assertThrows(IllegalArgumentException.class,
                () -> new SlimmingCriterion().importance(FAMILIES.get(0), evidence));
        assertTrue(noNorm.getMessage().contains("channels of a have no BatchNorm"), noNorm.getMessage());
    }

    @Test
    void pairScoresAverageOverTheConnectionsAChannelsRemovalCuts() {
        // The pair a -> b with 2 child groups and 4 parent groups of 2 channels each.
        double[][] scores = {{0.1, 0.2, 0.3, 0.4}, {0.5, 0.6, 0.7, 0.8}};
        ScoredPair pair = new ScoredPair(new LayerPair("a", "b", 4, 2), new long[] {6, 8}, scores);
        ChannelEvidence evidence = new ChannelEvidence(Map.of(), Map.of("a", "a.weight", "b", "b.weight"),
                List.of(pair));
        double[] mint = new PairScoreChannelCriterion("mint").importance(FAMILIES.get(0), evidence);
        assertArrayEquals(new double[] {0.3, 0.3, 0.4, 0.4, 0.5, 0.5, 0.6, 0.6}, mint, 1e-12);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new PairScoreChannelCriterion("mint").importance(FAMILIES.get(1), evidence));
        assertTrue(none.getMessage().contains("no pair of the recipe has a child reading them (their readers' "
                + "weights: [c.weight])"), none.getMessage());
    }
}
