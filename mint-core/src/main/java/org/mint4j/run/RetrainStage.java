package org.mint4j.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mint4j.prune.ScoredPair;
import org.mint4j.train.EngineSetup;
import org.mint4j.util.Json;

/**
 * Every (criterion, target) of the recipe as a point: finished points are read back (refused when
 * retrained with another thread count unless allowed), the others run on the executor, and each
 * point's {@code point.json} is written by this stage as its result arrives.
 */
final class RetrainStage {

    static final String STAGE = "retrain";

    private RetrainStage() {
    }

    static List<PrunePoint> run(PipelineContext ctx, Map<String, List<ScoredPair>> scores) {
        List<RetrainUnit> units = new ArrayList<>();
        for (String criterion : ctx.mint().criteria()) {
            for (double target : ctx.mint().targets()) {
                Path dir = ctx.dir().point(PointName.of(ctx.mint(), criterion, target));
                units.add(new RetrainUnit(criterion, target, dir.toAbsolutePath().toString()));
            }
        }
        PrunePoint[] points = new PrunePoint[units.size()];
        List<RetrainUnit> pending = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            Path file = RunDirectory.pointFile(Path.of(units.get(u).directory()));
            if (Files.exists(file)) {
                points[u] = Json.read(file, PrunePoint.class);
                StageSettings.requireSame(STAGE, file, Map.of(StageSettings.THREADS,
                        Integer.toString(points[u].threads())), Map.of(StageSettings.THREADS,
                        Integer.toString(EngineSetup.threads())), ctx.allowOtherThreads());
                report(ctx, points[u], " done");
            } else {
                pending.add(units.get(u));
            }
        }
        ctx.executor().run(STAGE, new RetrainTask(ctx, scores), pending, (i, unit, point) -> {
            Json.write(RunDirectory.pointFile(Path.of(unit.directory())), point);
            points[units.indexOf(unit)] = point;
            report(ctx, point, String.format(" (before %.2f%%)", 100 * point.accuracyBeforeRetrain()));
        });
        return Arrays.asList(points);
    }

    private static void report(PipelineContext ctx, PrunePoint p, String suffix) {
        boolean done = suffix.equals(" done");
        ctx.out().printf("[retrain] %s at %.2f%%%s: %s, accuracy %.2f%%%s%n", p.criterion(), 100 * p.target(),
                done ? " done" : "", removed(p), 100 * p.accuracy(), done ? "" : suffix);
    }

    /** What a point removed, in a log line. */
    static String removed(PrunePoint p) {
        return p.channels() == null ? String.format("%.2f%% of prunable weights zeroed", 100 * p.zeroedFractionPrunable())
                : p.channels().describe();
    }
}
