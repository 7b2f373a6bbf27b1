package org.mint4j.spark;

import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.mint4j.exec.Executor;
import org.mint4j.exec.ExecutorProvider;

/**
 * Opens a {@link SparkExecutor} for {@code local[N]}, {@code local[*]} or {@code spark://HOST:PORT}.
 * Threads per unit are Spark's {@code spark.task.cpus} (default 1), so the caller's thread count
 * is not used.
 */
public final class SparkExecutorProvider implements ExecutorProvider {

    private static final Pattern MASTER = Pattern.compile("local\\[(\\*|[1-9]\\d*)]|spark://[^/:\\s]+:\\d+");

    @Override
    public boolean accepts(String master) {
        return MASTER.matcher(master).matches();
    }

    @Override
    public Executor open(String master, int threads) {
        if (!accepts(master)) {
            throw new IllegalArgumentException("not a Spark master: '" + master
                    + "'; expected local[N], local[*] or spark://HOST:PORT");
        }
        return new SparkExecutor(new SparkConf().setMaster(master));
    }
}
