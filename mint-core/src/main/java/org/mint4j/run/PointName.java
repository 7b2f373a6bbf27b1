package org.mint4j.run;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.mint4j.recipe.Recipe;
import org.mint4j.util.Checksums;

/**
 * The name of a retrained point's directory: the criterion, the target and a digest of the mask
 * and retraining settings (for channel plans also the budget, rounding and steps), so a changed
 * cap, skip list or schedule never reuses a stale point. One step, the first schedule, adds
 * nothing, so that points made before steps existed keep their names.
 */
public record PointName(String criterion, double target, String settingsDigest) {

    /** {@code CRITERION-tTARGET-DIGEST}. */
    public String directoryName() {
        return String.format(Locale.ROOT, "%s-t%.4f-%s", criterion, target, settingsDigest);
    }

    /** The name of a point: what its masks and retraining depend on beyond its scores, digested. */
    public static PointName of(Recipe.Pruning mint, String criterion, double target) {
        String settings = "gamma=" + mint.gamma().fullLabel() + " skip=" + mint.skip() + " retrain="
                + mint.retrain().label()
                + (mint.prunesChannels() ? " structure=channels budget=" + mint.budget() + " round_to=" + mint.roundTo()
                        + (mint.steps() > 1 ? " steps=" + mint.steps() : "")
                        + (mint.latencyBatch() != null ? " latency_batch=" + mint.latencyBatch() : "")
                        : "");
        return new PointName(criterion, target,
                Checksums.sha256(settings.getBytes(StandardCharsets.UTF_8)).substring(0, 8));
    }
}
