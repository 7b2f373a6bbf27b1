package org.mint4j.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.mint4j.deploy.LatencyRuns;
import org.mint4j.util.Charts;
import org.mint4j.util.AtomicFiles;

/** Markdown tables of pruning results: one seed, and mean and standard deviation over seeds. */
public final class ResultTables {

    private static final String ACCURACY_HEADERS = "val. acc. (kept epoch) | test acc. (kept epoch) | "
            + "test acc. (last epoch) | best test acc. of any epoch (selects on test) |";

    private ResultTables() {
    }

    public static String seedTable(SeedResults r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "## %s, seed %d%n%n", r.recipe(), r.seed()));
        sb.append(String.format(Locale.ROOT, "Baseline: test accuracy %.2f%%, %d parameters, dense %.1f KB, CSR %.1f KB.%n%n",
                100 * r.baselineAccuracy(), r.baseline().parameters(), r.baseline().denseBytes() / 1024.0,
                r.baseline().csrBytes() / 1024.0));
        sb.append(selection(r.points()));
        List<String> layers = new ArrayList<>();
        r.points().forEach(p -> p.zeroedByLayer().keySet().forEach(k -> {
            if (!layers.contains(k)) {
                layers.add(k);
            }
        }));
        sb.append("| criterion | target | zeroed, pruned layers | zeroed, whole net |");
        layers.forEach(l -> sb.append(' ').append(l).append(" |"));
        sb.append(" acc. before retrain | ").append(ACCURACY_HEADERS).append(" CSR KB | dense KB |\n|---|---|---|---|");
        layers.forEach(l -> sb.append("---|"));
        sb.append("---|---|---|---|---|---|---|\n");
        for (PrunePoint p : r.points()) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f%% | %.2f%% | %.2f%% |", p.criterion(), 100 * p.target(),
                    100 * p.zeroedFractionPrunable(), 100 * p.zeroedFractionTotal()));
            layers.forEach(l -> sb.append(String.format(Locale.ROOT, " %.2f%% |",
                    100 * p.zeroedByLayer().getOrDefault(l, 0.0))));
            sb.append(String.format(Locale.ROOT, " %.2f%% | %s | %.2f%% | %.2f%% | %.2f%% | %.1f | %.1f |%n",
                    100 * p.accuracyBeforeRetrain(), p.validationAccuracy() == null ? "-"
                            : String.format(Locale.ROOT, "%.2f%%", 100 * p.validationAccuracy()), 100 * p.accuracy(),
                    100 * p.accuracyFinal(), 100 * p.bestTestAccuracy(), p.csrBytes() / 1024.0,
                    p.denseBytes() / 1024.0));
        }
        sb.append(channelTable(List.of(r)));
        sb.append(String.format(Locale.ROOT, "%nMost pruned point with accuracy >= %.2f%%:%n", 100 * r.accuracyFloor()));
        if (r.bestMeetingFloor().isEmpty()) {
            sb.append("- none\n");
        }
        r.bestMeetingFloor().forEach((c, p) -> sb.append(String.format(Locale.ROOT,
                "- %s: target %.2f%%, %.2f%% %s, accuracy %.2f%%%n", c, 100 * p.target(),
                100 * p.prunedFraction(), p.prunedWhat(), 100 * p.accuracy())));
        if (r.stageSeconds() != null && !r.stageSeconds().isEmpty()) {
            sb.append("\nWall time per stage (this invocation; 0 when the stage was already done): ");
            List<String> parts = new ArrayList<>();
            r.stageSeconds().forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %.0f s", k, v)));
            sb.append(String.join(", ", parts)).append(".\n");
        }
        return sb.toString();
    }

    /** The paper's Fig. 5: zeroed % of each pruned layer at one target, a bar per criterion. */
    static void drawCompression(Path file, List<PrunePoint> points, double target) {
        List<PrunePoint> at = points.stream().filter(p -> Math.abs(p.target() - target) < 1e-9).toList();
        if (at.isEmpty()) {
            return;
        }
        List<String> layers = new ArrayList<>(at.get(0).zeroedByLayer().keySet());
        Map<String, Charts.Bars> series = new LinkedHashMap<>();
        for (PrunePoint p : at) {
            series.put(p.criterion(), new Charts.Bars(layers.stream()
                    .mapToDouble(l -> 100 * p.zeroedByLayer().getOrDefault(l, 0.0)).toArray(), null));
        }
        Charts.bars(file, String.format(Locale.ROOT, "Weights zeroed per layer, target %.2f%%", 100 * target), "layer",
                "zeroed %", layers, series);
    }

    static void writeSeed(Path file, SeedResults r) {
        AtomicFiles.writeString(file, seedTable(r));
    }

    /** Mean +- standard deviation (sample, n - 1) over seeds for each (criterion, target). */
    public static String summaryTable(List<SeedResults> seeds) {
        Map<String, List<PrunePoint>> groups = new LinkedHashMap<>();
        for (SeedResults s : seeds) {
            for (PrunePoint p : s.points()) {
                groups.computeIfAbsent(String.format(Locale.ROOT, "%s|%.4f", p.criterion(), p.target()),
                        k -> new ArrayList<>()).add(p);
            }
        }
        double[] baseline = seeds.stream().mapToDouble(SeedResults::baselineAccuracy).toArray();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "## %s over %d seeds %s%n%n", seeds.get(0).recipe(), seeds.size(),
                seeds.stream().map(s -> Long.toString(s.seed())).toList()));
        sb.append(String.format(Locale.ROOT, "Baseline test accuracy: %s.%n%n", meanSd(baseline, 100, "%")));
        sb.append(selection(seeds.stream().flatMap(s -> s.points().stream()).toList()));
        sb.append("| criterion | target | zeroed, pruned layers | acc. before retrain | ").append(ACCURACY_HEADERS)
                .append(" seeds |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (List<PrunePoint> g : groups.values()) {
            PrunePoint first = g.get(0);
            boolean validated = g.stream().allMatch(p -> p.validationAccuracy() != null);
            sb.append(String.format(Locale.ROOT, "| %s | %.2f%% | %s | %s | %s | %s | %s | %s | %d |%n",
                    first.criterion(), 100 * first.target(),
                    meanSd(g.stream().mapToDouble(PrunePoint::zeroedFractionPrunable).toArray(), 100, "%"),
                    meanSd(g.stream().mapToDouble(PrunePoint::accuracyBeforeRetrain).toArray(), 100, "%"),
                    validated ? meanSd(g.stream().mapToDouble(PrunePoint::validationAccuracy).toArray(), 100, "%") : "-",
                    meanSd(g.stream().mapToDouble(PrunePoint::accuracy).toArray(), 100, "%"),
                    meanSd(g.stream().mapToDouble(PrunePoint::accuracyFinal).toArray(), 100, "%"),
                    meanSd(g.stream().mapToDouble(PrunePoint::bestTestAccuracy).toArray(), 100, "%"), g.size()));
        }
        sb.append(channelTable(seeds));
        return sb.toString();
    }

    /**
     * What the channel plans removed, per (criterion, target), over the seeds given: channels, and
     * the MACs and parameters the compacted network keeps of the original's. Empty without channel plans.
     */
    static String channelTable(List<SeedResults> seeds) {
        Map<String, List<PrunePoint>> groups = new LinkedHashMap<>();
        seeds.forEach(s -> s.points().stream().filter(p -> p.channels() != null).forEach(p -> groups.computeIfAbsent(
                String.format(Locale.ROOT, "%s|%.4f", p.criterion(), p.target()), k -> new ArrayList<>()).add(p)));
        if (groups.isEmpty()) {
            return "";
        }
        PrunePoint any = groups.values().iterator().next().get(0);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%nChannels removed (targets are fractions of "
                + "%s removed). The unpruned network: %,d MACs per sample, %,d parameters, %d prunable channels.%n%n",
                any.channels().budget(), any.channels().original().macs(), any.channels().original().parameters(),
                any.channels().original().prunableChannels()));
        boolean timed = groups.values().stream().flatMap(List::stream).allMatch(p -> p.channels().latency() != null);
        sb.append("| criterion | target | channels removed | MACs kept | MACs per sample | parameters kept | parameters |");
        sb.append(timed ? " batch 1 (ms), original | compacted | batch 64 (ms), original | compacted | speed-up at 64 |\n"
                : "\n");
        sb.append("|---|---|---|---|---|---|---|").append(timed ? "---|---|---|---|---|\n" : "\n");
        for (List<PrunePoint> g : groups.values()) {
            PrunePoint first = g.get(0);
            sb.append(String.format(Locale.ROOT, "| %s | %.2f%% | %s | %s | %s | %s | %s |", first.criterion(),
                    100 * first.target(), count(g, p -> p.achieved().removedChannels()),
                    percent(g, p -> (double) p.achieved().macs() / p.original().macs()),
                    count(g, p -> p.achieved().macs()),
                    percent(g, p -> (double) p.achieved().parameters() / p.original().parameters()),
                    count(g, p -> p.achieved().parameters())));
            if (timed) {
                sb.append(String.format(Locale.ROOT, " %.3f | %.3f | %.2f | %.2f | %.2fx |",
                        mean(g, l -> l.originalBatch1()), mean(g, l -> l.batch1()), mean(g, l -> l.originalBatch64()),
                        mean(g, l -> l.batch64()), mean(g, l -> l.originalBatch64() / l.batch64())));
            }
            sb.append('\n');
        }
        if (timed) {
            PrunePoint.Latency l = any.channels().latency();
            sb.append(String.format(Locale.ROOT, "%nLatency of the ONNX exports in %s, %d threads, %s, measured "
                    + "after each point's retraining (mean over seeds).%n", l.runtime(), l.threads(),
                    LatencyRuns.DEFAULT.describe()));
        }
        return sb.toString();
    }

    /** What the kept retraining epochs were chosen on, said before the tables. */
    static String selection(List<PrunePoint> points) {
        if (points.stream().allMatch(p -> "validation".equals(p.selectedOn()))) {
            return "Retraining keeps the epoch of best validation accuracy (images held out of the training set); "
                    + "\"test acc. (kept epoch)\" is that epoch's. \"Best test acc. of any epoch\" is the paper's "
                    + "convention, which selects on the test set: for comparison only.\n\n";
        }
        return "**Selected on the test set**: retraining keeps the epoch of best test accuracy (no validation split: "
                + "dataset.validation_per_class = 0), as the paper did; these accuracies are optimistic.\n\n";
    }

    /**
     * The trade-off users look for first: test accuracy after retraining against the axis's figure
     * ({@link TradeoffAxis}: by default the weights zeroed in the pruned layers, for channel plans
     * the MACs the compacted network keeps), a line per criterion through its targets; over several
     * seeds the line joins the means, with error bars of one standard deviation, and each seed's
     * point is a cross.
     *
     * @throws IllegalArgumentException when a point does not have the axis's figure
     */
    static void drawTradeoff(Path file, List<SeedResults> seeds, TradeoffAxis axis) {
        String xLabel = axis.label(seeds);
        java.util.function.ToDoubleFunction<PrunePoint> fraction = axis::fraction;
        Map<String, Charts.Series> series = new LinkedHashMap<>();
        byCriterionAndTarget(seeds).forEach((criterion, byTarget) -> {
            List<List<PrunePoint>> groups = new ArrayList<>(byTarget.values());
            double[] x = new double[groups.size()];
            double[] y = new double[groups.size()];
            double[] sd = new double[groups.size()];
            for (int k = 0; k < groups.size(); k++) {
                double[] accuracy = groups.get(k).stream().mapToDouble(PrunePoint::accuracy).toArray();
                x[k] = 100 * mean(groups.get(k).stream().mapToDouble(fraction).toArray());
                y[k] = 100 * mean(accuracy);
                sd[k] = 100 * sd(accuracy);
            }
            List<PrunePoint> each = groups.stream().flatMap(List::stream).toList();
            series.put(criterion, seeds.size() > 1
                    ? new Charts.Series(x, y, sd, each.stream().mapToDouble(p -> 100 * fraction.applyAsDouble(p)).toArray(),
                            each.stream().mapToDouble(p -> 100 * p.accuracy()).toArray())
                    : new Charts.Series(x, y, null, null, null));
        });
        String over = seeds.size() > 1 ? over(seeds) + " (x: each seed)" : over(seeds);
        Charts.lines(file, seeds.get(0).recipe() + ": accuracy after retraining, " + over,
                xLabel,
                "test accuracy after retraining (%)", series);
    }

    /**
     * What retraining recovers: for each criterion and target, test accuracy with the masks
     * applied before retraining and at the kept epoch after it (means, error bars of one standard
     * deviation over several seeds). The figure to read when every criterion has one target.
     */
    static void drawRetraining(Path file, List<SeedResults> seeds) {
        List<String> categories = new ArrayList<>();
        List<double[]> before = new ArrayList<>();
        List<double[]> after = new ArrayList<>();
        byCriterionAndTarget(seeds).forEach((criterion, byTarget) -> byTarget.forEach((target, points) -> {
            categories.add(String.format(Locale.ROOT, "%s %.1f%%", criterion, 100 * target));
            before.add(points.stream().mapToDouble(PrunePoint::accuracyBeforeRetrain).toArray());
            after.add(points.stream().mapToDouble(PrunePoint::accuracy).toArray());
        }));
        Map<String, Charts.Bars> series = new LinkedHashMap<>();
        series.put("before retraining", bars(before, seeds.size() > 1));
        series.put("after retraining (kept epoch)", bars(after, seeds.size() > 1));
        Charts.bars(file, seeds.get(0).recipe() + ": accuracy before and after retraining, " + over(seeds),
                "criterion and target", "test accuracy (%)", categories, series);
    }

    private static Charts.Bars bars(List<double[]> groups, boolean errors) {
        return new Charts.Bars(groups.stream().mapToDouble(g -> 100 * mean(g)).toArray(),
                errors ? groups.stream().mapToDouble(g -> 100 * sd(g)).toArray() : null);
    }

    /** Every seed's points by criterion (in order of appearance), then by target (ascending). */
    private static Map<String, Map<Double, List<PrunePoint>>> byCriterionAndTarget(List<SeedResults> seeds) {
        Map<String, Map<Double, List<PrunePoint>>> byCriterion = new LinkedHashMap<>();
        for (SeedResults s : seeds) {
            for (PrunePoint p : s.points()) {
                byCriterion.computeIfAbsent(p.criterion(), k -> new TreeMap<>())
                        .computeIfAbsent(p.target(), k -> new ArrayList<>()).add(p);
            }
        }
        return byCriterion;
    }

    private static String over(List<SeedResults> seeds) {
        return seeds.size() > 1 ? String.format(Locale.ROOT, "mean ± sd over %d seeds", seeds.size())
                : "seed " + seeds.get(0).seed();
    }

    private static double mean(List<PrunePoint> points, java.util.function.ToDoubleFunction<PrunePoint.Latency> f) {
        return mean(points.stream().mapToDouble(p -> f.applyAsDouble(p.channels().latency())).toArray());
    }

    /** A count over points: the value when all agree, else mean ± sd. */
    private static String count(List<PrunePoint> points, java.util.function.ToDoubleFunction<PrunePoint.Channels> f) {
        double[] v = points.stream().mapToDouble(p -> f.applyAsDouble(p.channels())).toArray();
        return java.util.Arrays.stream(v).distinct().count() == 1 ? String.format(Locale.ROOT, "%,d", (long) v[0])
                : String.format(Locale.ROOT, "%,.0f ± %,.0f", mean(v), sd(v));
    }

    /** A fraction over points, in %: the value when all agree, else mean ± sd. */
    private static String percent(List<PrunePoint> points, java.util.function.ToDoubleFunction<PrunePoint.Channels> f) {
        double[] v = points.stream().mapToDouble(p -> f.applyAsDouble(p.channels())).toArray();
        return java.util.Arrays.stream(v).distinct().count() == 1 ? String.format(Locale.ROOT, "%.2f%%", 100 * v[0])
                : meanSd(v, 100, "%");
    }

    static String meanSd(double[] values, double scale, String unit) {
        return String.format(Locale.ROOT, "%.2f%s ± %.2f", scale * mean(values), unit, scale * sd(values));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n - 1); 0 for one value. */
    private static double sd(double[] values) {
        double mean = mean(values);
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0;
    }
}
