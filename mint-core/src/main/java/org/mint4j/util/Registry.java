package org.mint4j.util;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names of one kind (architectures, criteria, augmentations, ...) and what each stands for, kept
 * in one place: validation, help texts and factories all read the same registry.
 */
public final class Registry<T> {

    private final String kind;
    private final Map<String, T> entries = Collections.synchronizedMap(new LinkedHashMap<>());

    public Registry(String kind) {
        this.kind = kind;
    }

    /** Adds an entry; a name is registered once. */
    public Registry<T> register(String name, T entry) {
        if (entries.putIfAbsent(name, entry) != null) {
            throw new IllegalArgumentException(kind + " '" + name + "' is already registered");
        }
        return this;
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** @throws IllegalArgumentException naming the known entries when {@code name} is not one */
    public T get(String name) {
        T entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "': expected one of " + names());
        }
        return entry;
    }

    public List<String> names() {
        synchronized (entries) {
            return List.copyOf(entries.keySet());
        }
    }
}
