package org.mint4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mint4j.exec.Executor;
import org.mint4j.exec.LocalExecutor;
import org.mint4j.spark.PairScoringTask.GroupRange;

/** A real standalone cluster loses a Worker mid-job: the job still completes, identical to a local run. */
class SparkClusterFaultTest {

    @Test
    @Timeout(180)
    void aKilledWorkersUnitsAreRetriedAndTheScoresEqualALocalRun() throws Exception {
        // Units of about a second on one core: the job is well under way when the first one ends.
        PairScoringTask task = PairScoringTask.synthetic(7, 3000, 48, 24, 80, 40);
        List<GroupRange> units = PairScoringTask.ranges(24, 2);
        CollectedResults<GroupRange, double[][]> local = new CollectedResults<>();
        new LocalExecutor(2).run("reference", task, units, local);

        try (StandaloneCluster cluster = StandaloneCluster.start(2, 1, "1g");
                SparkExecutor spark = new SparkExecutor(cluster.conf())) {
            assertEquals(2, spark.parallelism(), spark.describe());
            AtomicInteger failedTasks = new AtomicInteger();
            spark.context().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (!end.taskInfo().successful()) {
                        failedTasks.incrementAndGet();
                    }
                }
            });
            CollectedResults<GroupRange, double[][]> distributed = new CollectedResults<>();
            AtomicInteger doneAtKill = new AtomicInteger(-1);
            spark.run("scores", task, units, (index, unit, result) -> {
                distributed.completed(index, unit, result);
                if (doneAtKill.get() < 0) {
                    doneAtKill.set(distributed.count());
                    cluster.killWorker(0);
                }
            });

            assertEquals(1, doneAtKill.get(), "the Worker was killed after the first unit");
            assertTrue(failedTasks.get() >= 1, "a task was running on the killed Worker's executor");
            assertEquals(units.size(), distributed.count());
            for (int u = 0; u < units.size(); u++) {
                assertTrue(Arrays.deepEquals(local.inOrder().get(u), distributed.inOrder().get(u)), "unit " + u);
            }
        }
    }
}
