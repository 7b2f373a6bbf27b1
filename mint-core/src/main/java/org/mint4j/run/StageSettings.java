package org.mint4j.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a stage's output was made from (settings and input checksums, by key). A stage's output is
 * reused only when the settings asked for now equal the recorded ones; otherwise the run stops
 * before any work, naming the setting and the two ways out.
 */
public final class StageSettings {

    /** The key of the thread count, which changes the engine's sums and so the numbers. */
    public static final String THREADS = "threads";

    private StageSettings() {
    }

    /**
     * @param allowOtherThreads accept another thread count (the numbers will then differ slightly)
     * @throws RunDirectoryException naming the first setting that differs
     */
    public static void requireSame(String stage, Path file, Map<String, String> recorded, Map<String, String> now,
            boolean allowOtherThreads) {
        TreeSet<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(now.keySet());
        for (String key : keys) {
            if (allowOtherThreads && key.equals(THREADS)) {
                continue;
            }
            String before = recorded.get(key);
            String after = now.get(key);
            if (!Objects.equals(before, after)) {
                String hint = key.equals(THREADS) ? " (or --allow-other-threads to continue with the new count; "
                        + "numbers then differ from an uninterrupted run)" : "";
                throw new RunDirectoryException("stage " + stage + " in " + file.getParent() + " was made with " + key
                        + " = " + before + ", but this command asks for " + key + " = " + after + ": use another --out, "
                        + "or add --redo " + stage + " to redo " + stage + " and every stage after it" + hint);
            }
        }
    }
}
