package org.mint4j.run;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.Footprint;
import org.mint4j.train.Evaluation;
import org.mint4j.util.Json;

/** One seed's table: the baseline beside every point, the most pruned point above the floor, plots. */
final class ResultsStage {

    private ResultsStage() {
    }

    static SeedResults run(PipelineContext ctx, List<PrunePoint> points, Map<String, Double> stageSeconds) {
        double baselineAccuracy;
        Footprint baseline;
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = ctx.dir().loadBaseline(manager);
            baselineAccuracy = Evaluation.accuracy(network, ctx.testSet(), manager);
            baseline = Footprint.of(network);
        }
        Map<String, PrunePoint> best = new LinkedHashMap<>();
        for (PrunePoint p : points) {
            if (p.accuracy() >= ctx.mint().accuracyFloor()) {
                PrunePoint current = best.get(p.criterion());
                if (current == null || p.prunedFraction() > current.prunedFraction()) {
                    best.put(p.criterion(), p);
                }
            }
        }
        SeedResults results = new SeedResults(ctx.recipe().name(), ctx.recipe().seed(), baselineAccuracy, baseline,
                points, best, ctx.mint().accuracyFloor(), stageSeconds);
        Json.write(ctx.dir().results(), results);
        ResultTables.writeSeed(ctx.dir().table(), results);
        for (double target : ctx.mint().targets()) {
            ResultTables.drawCompression(ctx.dir().compressionPlot(target), points, target);
        }
        return results;
    }
}
