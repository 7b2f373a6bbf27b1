package org.mint4j.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.prune.Footprint;

/** Everything of one seed, as written to results.json. */
public record SeedResults(String recipe, long seed, double baselineAccuracy, Footprint baseline,
        List<PrunePoint> points, Map<String, PrunePoint> bestMeetingFloor, double accuracyFloor,
        Map<String, Double> stageSeconds) {

    /** The same results without wall times, which no two runs share: for comparing runs. */
    public SeedResults withoutTimes() {
        Map<String, PrunePoint> best = new LinkedHashMap<>();
        bestMeetingFloor.forEach((criterion, p) -> best.put(criterion, p.withoutTime()));
        return new SeedResults(recipe, seed, baselineAccuracy, baseline,
                points.stream().map(PrunePoint::withoutTime).toList(), best, accuracyFloor, Map.of());
    }
}
