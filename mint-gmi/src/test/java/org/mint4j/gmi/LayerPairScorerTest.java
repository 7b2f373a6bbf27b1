package org.mint4j.gmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LayerPairScorerTest {

    /** Parents with structure: later columns are noisy mixtures of earlier ones, children mix parents. */
    static Matrix[] layerPair(Random rng, int n, int parents, int children) {
        Matrix p = TestData.gaussian(rng, n, parents);
        double[] c = new double[n * children];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < children; k++) {
                double s = 0.2 * rng.nextGaussian();
                s += Math.max(0, p.get(r, k % parents) + 0.5 * p.get(r, (3 * k + 1) % parents));
                c[r * children + k] = s;
            }
        }
        return new Matrix[] {p, new Matrix(n, children, c)};
    }

    @Test
    void equalsThePerPairEstimator() {
        Random rng = new Random(21);
        Matrix[] pair = layerPair(rng, 240, 12, 6);
        ColumnGroups pg = ColumnGroups.sequential(12, 5);
        ColumnGroups cg = ColumnGroups.sequential(6, 3);
        for (int option = 0; option < 3; option++) {
            boolean standardize = option == 1;
            int components = option == 2 ? 3 : 0;
            PairScores scores = LayerPairScorer.builder().optThreads(2).optStandardize(standardize)
                    .optZComponents(components).build().score(pair[0], pair[1], pg, cg);
            ConditionalGmi single = ConditionalGmi.builder().optStandardize(standardize).optZComponents(components)
                    .build();
            for (int i = 0; i < cg.count(); i++) {
                for (int j = 0; j < pg.count(); j++) {
                    GmiResult expected = single.estimate(pair[1].selectColumns(cg.columns(i)),
                            pair[0].selectColumns(pg.columns(j)), pair[0].selectColumns(pg.columnsOutside(j)));
                    GmiResult actual = scores.result(i, j);
                    assertEquals(expected.r(), actual.r(), "R of pair " + i + "," + j);
                    assertEquals(expected.estimate(), actual.estimate(), 0.0);
                    assertEquals(expected.mstWeight(), actual.mstWeight(), 1e-9 * expected.mstWeight());
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        Random rng = new Random(5);
        Matrix[] pair = layerPair(rng, 300, 20, 8);
        ColumnGroups pg = ColumnGroups.sequential(20, 10);
        ColumnGroups cg = ColumnGroups.sequential(8, 4);
        PairScores one = LayerPairScorer.builder().optThreads(1).build().score(pair[0], pair[1], pg, cg);
        PairScores three = LayerPairScorer.builder().optThreads(3).build().score(pair[0], pair[1], pg, cg);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 10; j++) {
                assertEquals(one.result(i, j), three.result(i, j));
            }
        }
    }

    @Test
    void chunksOfParentGroupsEqualTheWholeLayerPair() {
        Random rng = new Random(8);
        Matrix[] pair = layerPair(rng, 150, 10, 4);
        ColumnGroups pg = ColumnGroups.sequential(10, 5);
        ColumnGroups cg = ColumnGroups.sequential(4, 2);
        LayerPairScorer scorer = LayerPairScorer.builder().build();
        PairScores whole = scorer.score(pair[0], pair[1], pg, cg);
        PairScores chunk = scorer.score(pair[0], pair[1], pg, cg, 2, 4);
        assertEquals(2, chunk.parentGroups());
        for (int i = 0; i < 2; i++) {
            assertEquals(whole.result(i, 2), chunk.result(i, 0));
            assertEquals(whole.result(i, 3), chunk.result(i, 1));
        }
        assertThrows(IllegalArgumentException.class, () -> scorer.score(pair[0], pair[1], pg, cg, 4, 6));
    }

    @Test
    void reportsProgressForEveryEstimate() {
        Random rng = new Random(2);
        Matrix[] pair = layerPair(rng, 60, 6, 4);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        LayerPairScorer.builder().optProgress((done, total) -> {
            assertEquals(6, total);
            calls.incrementAndGet();
        }).build().score(pair[0], pair[1], ColumnGroups.sequential(6, 3), ColumnGroups.sequential(4, 2));
        assertEquals(6, calls.get());
    }

    @Test
    void rejectsMismatchedInput() {
        Random rng = new Random(1);
        Matrix p = TestData.gaussian(rng, 30, 6);
        Matrix c = TestData.gaussian(rng, 29, 4);
        LayerPairScorer s = LayerPairScorer.builder().build();
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> s.score(p, c, ColumnGroups.sequential(6, 3), ColumnGroups.sequential(4, 2)));
        assertTrue(rows.getMessage().contains("30") && rows.getMessage().contains("29"), rows.getMessage());
        Matrix c30 = TestData.gaussian(rng, 30, 4);
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> s.score(p, c30, ColumnGroups.sequential(5, 3), ColumnGroups.sequential(4, 2)));
        assertTrue(width.getMessage().contains("5"), width.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> s.score(p, c30, ColumnGroups.sequential(6, 1), ColumnGroups.sequential(4, 2)));
    }

    @Test
    void memoryStatementMatchesTheIssueFigure() {
        // N = 4,333 points at n = 6,500: N^2 = 18.8 M distances plus the A x B block.
        assertEquals(8L * (4333L * 4333 + 2166L * 2167), LayerPairScorer.memoryBytes(6500));
    }
}
