package org.mint4j.gmi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs independent, indexed tasks on a fixed number of threads. Every task writes only its own
 * outputs, so results never depend on the thread count or the scheduling.
 */
public final class Parallel {

    private Parallel() {
    }

    /** The thread count an option asks for: {@code threads} if positive, else every core (0 means all cores). */
    public static int threadsOrCores(int threads) {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** Runs {@code body} for each index in [0, count). */
    static void forEach(int count, int threads, IntConsumer body) {
        forEach(count, threads, () -> body, (worker, i) -> worker.accept(i));
    }

    /**
     * Runs tasks [0, count), giving each thread its own workspace from {@code workspace} so that
     * buffers are reused across the tasks a thread takes.
     */
    static <W> void forEach(int count, int threads, Supplier<W> workspace, TaskWithWorkspace<W> body) {
        int workers = Math.max(1, Math.min(threads, count));
        if (workers == 1) {
            W w = workspace.get();
            for (int i = 0; i < count; i++) {
                body.run(w, i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "mint-gmi");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < workers; t++) {
                futures.add(pool.submit(() -> {
                    W w = workspace.get();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        body.run(w, i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface TaskWithWorkspace<W> {
        void run(W workspace, int index);
    }
}
