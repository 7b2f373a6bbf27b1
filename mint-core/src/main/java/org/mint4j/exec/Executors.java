package org.mint4j.exec;

import java.util.ServiceLoader;

/** Opens the executor a command asks for. */
public final class Executors {

    private Executors() {
    }

    /** Local threads when {@code master} is null; otherwise the provider on the class path that accepts it. */
    public static Executor open(String master, int threads) {
        if (master == null) {
            return new LocalExecutor(threads);
        }
        for (ExecutorProvider provider : ServiceLoader.load(ExecutorProvider.class)) {
            if (provider.accepts(master)) {
                return provider.open(master, threads);
            }
        }
        throw new IllegalArgumentException("no executor for '" + master + "': Spark masters (local[N], spark://HOST:PORT)"
                + " need the mint-spark module on the class path");
    }
}
