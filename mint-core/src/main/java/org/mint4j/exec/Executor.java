package org.mint4j.exec;

import java.io.Serializable;
import java.util.List;

/** Runs the units of a job and hands each result to the caller as it arrives. */
public interface Executor extends AutoCloseable {

    /** Told on the caller's thread, once per unit, in any order. */
    @FunctionalInterface
    interface Results<U, R> {
        void completed(int index, U unit, R result);
    }

    /**
     * Runs {@code task} on every unit. Returns when every unit has completed (each reported exactly
     * once to {@code results}), or throws the failure of a unit that could not complete.
     */
    <U extends Serializable, R extends Serializable> void run(String job, Task<U, R> task, List<U> units,
            Results<U, R> results);

    /** How many units run at once: stages split work into at least this many units when they can. */
    int parallelism();

    /** One line for logs and provenance, e.g. "local, 2 threads". */
    String describe();

    @Override
    void close();
}
