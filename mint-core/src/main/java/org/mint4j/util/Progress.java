package org.mint4j.util;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long task: a bar on an interactive terminal; elsewhere (logs, CI) one line on
 * stderr at every tenth of the way, so a long stage is never silent. Thread-safe.
 */
public final class Progress implements AutoCloseable {

    private final ProgressBar bar;
    private final String task;
    private final long total;
    private final boolean logLines;
    private final long start = System.nanoTime();
    private long done;
    private int lastTenth;

    private Progress(ProgressBar bar, String task, long total, boolean logLines) {
        this.bar = bar;
        this.task = task;
        this.total = total;
        this.logLines = logLines;
    }

    /** A bar on a terminal, lines at every tenth elsewhere: for stages that run for minutes. */
    public static Progress start(String task, long total) {
        return create(task, total, true);
    }

    /** A bar on a terminal, nothing elsewhere: for steps that report themselves when done. */
    public static Progress bar(String task, long total) {
        return create(task, total, false);
    }

    private static Progress create(String task, long total, boolean logLines) {
        if (System.console() == null || Boolean.getBoolean("mint.noProgress")) {
            return new Progress(null, task, total, logLines);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build(), task, total,
                logLines);
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
        if (logLines && tenth > lastTenth) {
            lastTenth = tenth;
            System.err.printf("%s: %d%% (%d/%d), %.0f s%n", task, 10 * tenth, n, total,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
