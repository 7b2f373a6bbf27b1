package org.mint4j.run;

import java.util.List;
import java.util.Map;
import org.mint4j.prune.Footprint;

/** Everything of one seed, as written to results.json. */
public record SeedResults(String recipe, long seed, double baselineAccuracy, Footprint baseline,
        List<PrunePoint> points, Map<String, PrunePoint> bestMeetingFloor, double accuracyFloor,
        Map<String, Double> stageSeconds) {
}
