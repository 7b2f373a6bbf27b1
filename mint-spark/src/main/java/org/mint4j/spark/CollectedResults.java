package org.mint4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mint4j.exec.Executor;

/** Every unit's result of a job by unit index; a unit told twice is an error. */
public final class CollectedResults<U extends Serializable, R extends Serializable> implements Executor.Results<U, R> {

    private final Map<Integer, R> byIndex = new TreeMap<>();

    @Override
    public void completed(int index, U unit, R result) {
        if (byIndex.putIfAbsent(index, result) != null) {
            throw new IllegalStateException("unit " + index + " (" + unit + ") was reported twice");
        }
    }

    public int count() {
        return byIndex.size();
    }

    /** The results in unit order. */
    public List<R> inOrder() {
        return new ArrayList<>(byIndex.values());
    }
}
