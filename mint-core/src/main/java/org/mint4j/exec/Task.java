package org.mint4j.exec;

import java.io.Serializable;

/**
 * The work shared by every unit of a job. A remote executor ships it once per job (it carries the
 * large inputs, such as activations), and each unit is small.
 *
 * @param <U> a unit: what differs between the tasks of a job
 * @param <R> a unit's result
 */
@FunctionalInterface
public interface Task<U extends Serializable, R extends Serializable> extends Serializable {

    /**
     * Computes one unit. Must give the same result wherever and however often it runs: an executor
     * may run a unit again after a failure.
     *
     * @param threads threads the unit may use
     */
    R run(U unit, int threads);
}
