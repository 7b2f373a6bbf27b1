package org.mint4j.exec;

/**
 * Opens executors of one kind from a master URL; found with {@link java.util.ServiceLoader}, so
 * that an executor module on the class path is all it takes to add one.
 */
public interface ExecutorProvider {

    /** Whether this provider opens {@code master} (e.g. {@code local[2]}, {@code spark://host:7077}). */
    boolean accepts(String master);

    /** @param threads threads per unit where the executor does not decide */
    Executor open(String master, int threads);
}
