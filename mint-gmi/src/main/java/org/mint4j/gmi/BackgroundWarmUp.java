package org.mint4j.gmi;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Work that warms the JIT up on a daemon thread until {@link #close()}, which stops it after the
 * round in progress and waits for that round; see {@link ConditionalGmi#warmUpInBackground}.
 */
public final class BackgroundWarmUp implements AutoCloseable {

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger rounds = new AtomicInteger();
    private final Thread thread;
    private final long start = System.nanoTime();
    private volatile double millis;

    /** @param work runs a round each time the supplier it is given says to go on */
    BackgroundWarmUp(Consumer<BooleanSupplier> work) {
        thread = new Thread(() -> {
            try {
                work.accept(() -> {
                    if (stopped.get()) {
                        return false;
                    }
                    rounds.incrementAndGet();
                    return true;
                });
            } catch (RuntimeException e) {
                // Warming up is only ever an optimisation: a failure ends it, and the real work,
                // which validates its own input, reports any problem.
            }
        }, "gmi-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the warm-up and waits for the round in progress. */
    @Override
    public void close() {
        if (stopped.getAndSet(true)) {
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        millis = (System.nanoTime() - start) / 1e6;
    }

    /** Rounds started; after {@link #close()}, all of them finished. */
    public int rounds() {
        return rounds.get();
    }

    /** From the start to the end of the last round, once closed. */
    public double millis() {
        return millis;
    }
}
