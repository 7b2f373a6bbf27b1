package org.mint4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mint4j.exec.Executor;
import org.mint4j.exec.Executors;
import org.mint4j.exec.LocalExecutor;
import org.mint4j.exec.Task;
import org.mint4j.spark.PairScoringTask.GroupRange;

@Timeout(120)
class SparkLocalExecutorTest {

    private static Executor spark;

    @BeforeAll
    static void open() {
        spark = Executors.open("local[2]", 1);
    }

    @AfterAll
    static void close() {
        spark.close();
    }

    @Test
    void opensFromTheMasterThroughTheServiceLoader() {
        assertInstanceOf(SparkExecutor.class, spark);
        assertEquals(2, spark.parallelism());
        SparkExecutorProvider provider = new SparkExecutorProvider();
        assertTrue(provider.accepts("local[*]") && provider.accepts("spark://10.0.0.1:7077"));
        assertTrue(!provider.accepts("local") && !provider.accepts("yarn") && !provider.accepts("local[0]"));
    }

    @Test
    void scoresEqualLocalExecutorsBitForBit() {
        PairScoringTask task = PairScoringTask.synthetic(3, 600, 20, 10, 12, 4);
        List<GroupRange> units = PairScoringTask.ranges(10, 2);
        CollectedResults<GroupRange, double[][]> local = new CollectedResults<>();
        new LocalExecutor(2).run("reference", task, units, local);
        CollectedResults<GroupRange, double[][]> distributed = new CollectedResults<>();
        spark.run("scores", task, units, distributed);
        assertEquals(units.size(), distributed.count());
        for (int u = 0; u < units.size(); u++) {
            assertTrue(java.util.Arrays.deepEquals(local.inOrder().get(u), distributed.inOrder().get(u)), "unit " + u);
        }
    }

    @Test
    void aFailingUnitFailsTheRunWithItsCause() {
        Task<Integer, Integer> failsOnThree = (unit, threads) -> {
            if (unit == 3) {
                throw new IllegalArgumentException("unit three is bad");
            }
            return unit;
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> spark.run("failing", failsOnThree, List.of(1, 2, 3, 4), new CollectedResults<>()));
        assertTrue(e.getMessage().contains("unit three is bad"), e.getMessage());
    }
}
