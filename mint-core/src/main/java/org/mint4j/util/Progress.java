package org.mint4j.util;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long task: a bar on an interactive terminal; elsewhere (logs, CI, a run under
 * nohup) one line on stderr at every tenth of the way once the task has run for
 * {@value #QUIET_SECONDS} s, so that a long stage is never silent and a short one adds nothing.
 * Thread-safe.
 */
public final class Progress implements AutoCloseable {

    private static final int QUIET_SECONDS = 10;

    private final ProgressBar bar;
    private final String task;
    private final long total;
    private final long start = System.nanoTime();
    private long done;
    private int lastTenth;

    private Progress(ProgressBar bar, String task, long total) {
        this.bar = bar;
        this.task = task;
        this.total = total;
    }

    public static Progress start(String task, long total) {
        if (System.console() == null || Boolean.getBoolean("mint.noProgress")) {
            return new Progress(null, task, total);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build(), task, total);
    }

    public synchronized void step() {
        stepTo(done + 1);
    }

    public synchronized void stepTo(long n) {
        done = n;
        if (bar != null) {
            bar.stepTo(n);
            return;
        }
        int tenth = total > 0 ? (int) (10 * n / total) : 10;
        double seconds = (System.nanoTime() - start) / 1e9;
        if (tenth > lastTenth && seconds >= QUIET_SECONDS) {
            lastTenth = tenth;
            System.err.printf("%s: %d%% (%d/%d), %.0f s%n", task, 10 * tenth, n, total, seconds);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
