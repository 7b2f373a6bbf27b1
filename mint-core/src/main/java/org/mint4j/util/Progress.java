package org.mint4j.util;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on an interactive terminal (stderr), nothing otherwise, so logs and CI output
 * stay readable. Thread-safe.
 */
public final class Progress implements AutoCloseable {

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar for {@code total} steps, shown only when the process has a terminal. */
    public static Progress start(String task, long total) {
        if (System.console() == null || Boolean.getBoolean("mint.noProgress")) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build());
    }

    public void step() {
        if (bar != null) {
            bar.step();
        }
    }

    public void stepTo(long n) {
        if (bar != null) {
            bar.stepTo(n);
        }
    }

    public void extra(String message) {
        if (bar != null) {
            bar.setExtraMessage(message);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
