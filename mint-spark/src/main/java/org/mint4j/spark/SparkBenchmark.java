package org.mint4j.spark;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.mint4j.exec.Executor;
import org.mint4j.exec.LocalExecutor;
import org.mint4j.spark.PairScoringTask.GroupRange;

/**
 * Times one layer pair's scoring at the MNIST MLP's fc1->fc2 shape (mint-gmi's EstimatorBenchmark:
 * n = 6,500, 500 parents in 250 groups, 300 children in 100 groups; a slice of the parent groups)
 * with local threads, on local[2] and on a 2-Worker standalone cluster on 127.0.0.1, and projects
 * ResNet-50 scoring at the paper's settings from the measured cost per estimate.
 *
 * <p>Arguments: [parent groups scored, default 8] [parent groups per unit, default 2].
 */
public final class SparkBenchmark {

    private static final int ROWS = 6500;
    private static final int CORES = 2;
    /** ResNet-50 at the paper's settings: 52 layer pairs, G = 64 groups a side, 5 per class x 1,000 classes. */
    private static final int RESNET50_PAIRS = 52;
    private static final int RESNET50_GROUPS = 64;
    private static final int RESNET50_ROWS = 5000;

    private final PrintStream out;
    private final PairScoringTask task;
    private final List<GroupRange> units;
    private final int estimates;

    private SparkBenchmark(PrintStream out, int parentGroups, int groupsPerUnit) {
        this.out = out;
        this.task = PairScoringTask.synthetic(1, ROWS, 500, 250, 300, 100);
        this.units = PairScoringTask.ranges(parentGroups, groupsPerUnit);
        this.estimates = parentGroups * task.childGroups().count();
    }

    private void run() throws Exception {
        out.printf("mint4j Spark benchmark: fc1->fc2, n = %d, parent groups [0, %d) of 250 in %d units, "
                + "x 100 child groups = %d estimates; %d cores, %s%n", ROWS, units.get(units.size() - 1).to(),
                units.size(), estimates, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        Timed local = time(() -> new LocalExecutor(CORES));
        out.printf("  %-46s %7.1f s%n", "local, 2 threads (units one after another)", local.seconds);
        Timed localSpark = time(() -> SparkExecutor.local(CORES));
        report("Spark local[2]", localSpark, local);
        double clusterStart;
        Timed cluster;
        long t0 = System.nanoTime();
        try (StandaloneCluster standalone = StandaloneCluster.start(2, 1, "2g")) {
            clusterStart = (System.nanoTime() - t0) / 1e9;
            cluster = time(() -> new SparkExecutor(standalone.conf()));
        }
        report("Spark standalone, 2 Workers x 1 core", cluster, local);
        out.printf("  (cluster start %.1f s; Spark context start: local[2] %.1f s, standalone %.1f s, not in the times)%n",
                clusterStart, localSpark.startSeconds, cluster.startSeconds);

        double perEstimateCoreMs = local.seconds * CORES / estimates * 1e3;
        double overheadMs = (cluster.seconds - local.seconds) * CORES / units.size() * 1e3;
        out.printf("per estimate per core (local, shared distances amortised over %d groups a unit): %.1f ms%n",
                units.get(0).to() - units.get(0).from(), perEstimateCoreMs);
        projectResNet50(perEstimateCoreMs, Math.max(0, overheadMs), units.get(0).to() - units.get(0).from());
    }

    /**
     * Prim's pass dominates an estimate and grows with the square of the tree's points (two thirds
     * of the rows), so the cost per estimate is scaled from n = 6,500 to 5,000 by that square.
     */
    private void projectResNet50(double perEstimateCoreMs, double overheadMs, int groupsPerUnit) {
        double scale = Math.pow((double) treePoints(RESNET50_ROWS) / treePoints(ROWS), 2);
        long resnetEstimates = (long) RESNET50_PAIRS * RESNET50_GROUPS * RESNET50_GROUPS;
        long tasks = (long) RESNET50_PAIRS * (RESNET50_GROUPS / groupsPerUnit);
        double coreSeconds = resnetEstimates * perEstimateCoreMs * scale / 1e3 + tasks * overheadMs / 1e3;
        out.printf("projected ResNet-50 scoring at the paper's settings (%d pairs, G = %d, n = %d: %d estimates at "
                + "%.1f ms per core, %d tasks of %d parent groups at %.0f ms overhead each):%n", RESNET50_PAIRS,
                RESNET50_GROUPS, RESNET50_ROWS, resnetEstimates, perEstimateCoreMs * scale, tasks, groupsPerUnit,
                overheadMs);
        for (int cores : new int[] {2, 16, 64, 256}) {
            out.printf("  on %3d executor cores: %6.1f min%n", cores, coreSeconds / cores / 60);
        }
    }

    private static int treePoints(int rows) {
        int twoThirds = 2 * rows / 3;
        return rows - twoThirds + twoThirds / 2;
    }

    private void report(String name, Timed timed, Timed local) {
        boolean identical = timed.results.size() == local.results.size();
        for (int u = 0; identical && u < local.results.size(); u++) {
            identical = Arrays.deepEquals(local.results.get(u), timed.results.get(u));
        }
        out.printf("  %-46s %7.1f s, overhead %.0f ms per task, scores %s%n", name, timed.seconds,
                (timed.seconds - local.seconds) * CORES / units.size() * 1e3,
                identical ? "identical to local" : "DIFFERENT from local");
    }

    private Timed time(Supplier<Executor> opener) {
        long t0 = System.nanoTime();
        try (Executor executor = opener.get()) {
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            CollectedResults<GroupRange, double[][]> results = new CollectedResults<>();
            long t1 = System.nanoTime();
            executor.run("fc1->fc2", task, units, results);
            return new Timed(startSeconds, (System.nanoTime() - t1) / 1e9, results.inOrder());
        }
    }

    private record Timed(double startSeconds, double seconds, List<double[][]> results) {
    }

    public static void main(String[] args) throws Exception {
        // Spark's INFO lines would drown the table; -Dorg.slf4j.simpleLogger.defaultLogLevel=info asks for them.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        int parentGroups = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int groupsPerUnit = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        new SparkBenchmark(System.out, parentGroups, groupsPerUnit).run();
    }
}
