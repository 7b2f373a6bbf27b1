package org.mint4j.exec;

import java.io.Serializable;
import java.util.List;

/**
 * Runs units one after another in this JVM, each with every thread: the estimator and the engine
 * parallelise inside a unit, which keeps a unit's memory to one at a time.
 */
public final class LocalExecutor implements Executor {

    private final int threads;

    public LocalExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + "; expected at least 1");
        }
        this.threads = threads;
    }

    @Override
    public <U extends Serializable, R extends Serializable> void run(String job, Task<U, R> task, List<U> units,
            Results<U, R> results) {
        for (int i = 0; i < units.size(); i++) {
            results.completed(i, units.get(i), task.run(units.get(i), threads));
        }
    }

    @Override
    public int parallelism() {
        return 1;
    }

    @Override
    public String describe() {
        return "local, " + threads + " threads";
    }

    @Override
    public void close() {
    }
}
