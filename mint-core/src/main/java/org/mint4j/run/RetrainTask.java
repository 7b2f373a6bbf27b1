package org.mint4j.run;

import ai.djl.ndarray.NDManager;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mint4j.data.Augmentation;
import org.mint4j.deploy.LatencyRuns;
import org.mint4j.deploy.RuntimeLatency;
import org.mint4j.data.DataDirectory;
import org.mint4j.data.ImageSource;
import org.mint4j.nn.ChannelStructure;
import org.mint4j.nn.CompactedCopy;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.WeightFiles;
import org.mint4j.prune.Footprint;
import org.mint4j.prune.Masks;
import org.mint4j.prune.ScoredPair;
import org.mint4j.recipe.Recipe;
import org.mint4j.train.Checkpoint;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.Evaluation;
import org.mint4j.train.TrainingLoop;

/**
 * Plans a point's masks, retrains with them held fixed into the point's directory (continuing an
 * interrupted retraining), and measures it. A channel point whose network can be rebuilt without
 * its removed channels trains that smaller network instead (the same function, at a fraction of
 * the cost) and writes its weights back into the original's shape, zero where channels went. Runs wherever the executor puts it: the run and data
 * directories must be paths that node reads (and writes, for the run).
 */
final class RetrainTask implements org.mint4j.exec.Task<RetrainUnit, PrunePoint> {

    private static final long serialVersionUID = 1L;

    /** Where a channel point trains its compacted network: a subdirectory of the point's. */
    static final String COMPACTED = "compacted";

    private final Recipe recipe;
    private final String run;
    private final String data;
    private final Map<String, List<ScoredPair>> scores;
    private final transient PrintWriter out;

    RetrainTask(PipelineContext ctx, Map<String, List<ScoredPair>> scores) {
        this.recipe = ctx.recipe();
        this.run = ctx.dir().root().toAbsolutePath().toString();
        this.data = ctx.data().root().toAbsolutePath().toString();
        this.scores = scores;
        this.out = ctx.out();
    }

    @Override
    public PrunePoint run(RetrainUnit unit, int threads) {
        EngineSetup.configure(threads);
        return EngineSetup.exclusively(() -> retrain(unit));
    }

    private PrunePoint retrain(RetrainUnit unit) {
        PrintWriter log = out != null ? out : new PrintWriter(Writer.nullWriter());
        long start = System.nanoTime();
        Path pointDir = Path.of(unit.directory());
        DataDirectory dataDir = DataDirectory.of(Path.of(data));
        ImageSource train = recipe.open(dataDir, true);
        ImageSource test = recipe.open(dataDir, false);
        ImageSource validation = recipe.openValidation(dataDir).orElse(null);
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = RunDirectory.at(Path.of(run)).loadBaseline(manager);
            PlanStage.Plan plan = PlanStage.plan(recipe, network, scores, unit.criterion(), unit.target());
            Masks masks = plan.masks();
            masks.write(RunDirectory.pointMasks(pointDir));
            Masks.Bound bound = masks.bind(network, manager);
            bound.applyToWeights();
            double before = Evaluation.accuracy(network, test, manager);
            log.printf("[retrain] %s at %.2f%%: accuracy before retraining %.2f%%%n", unit.criterion(),
                    100 * unit.target(), 100 * before);
            Optional<CompactedCopy> compacted = plan.channels() != null && network instanceof ChannelStructure s
                    ? s.compactedCopy(manager, pointDir.resolve(COMPACTED)) : Optional.empty();
            Checkpoint.State state;
            if (compacted.isPresent()) {
                PrunableNetwork smaller = compacted.get().network();
                Path dir = pointDir.resolve(COMPACTED);
                state = training(smaller, train, test, validation, dir, manager, log).build().run();
                RunDirectory.loadWeights(smaller, "compacted " + recipe.model().label(), dir.resolve(TrainingLoop.BEST),
                        manager);
                compacted.get().writeBack();
                WeightFiles.write(RunDirectory.pointWeights(pointDir),
                        o -> network.block().saveParameters(new DataOutputStream(o)));
            } else {
                state = training(network, train, test, validation, pointDir, manager, log).optConstraint(bound).build()
                        .run();
            }
            PrunableNetwork best = RunDirectory.loadNetwork(recipe, RunDirectory.pointWeights(pointDir), manager);
            double seconds = (System.nanoTime() - start) / 1e9;
            PrunePoint point = measure(unit, plan, best, before, state, seconds);
            if (plan.channels() == null) {
                return point;
            }
            PrunePoint.Latency latency = null;
            try {
                latency = runtimeLatency(RunDirectory.at(Path.of(run)).loadBaseline(manager), best, masks);
            } catch (RuntimeException e) {
                // The retrained point stands without its timing; say why once.
                log.printf("[retrain] %s at %.2f%%: not timed in the deployment runtime: %s%n", unit.criterion(),
                        100 * unit.target(), e.getMessage());
            }
            return point.withChannels(plan.channels().withLatency(latency));
        }
    }

    private TrainingLoop.Builder training(PrunableNetwork network, ImageSource train, ImageSource test,
            ImageSource validation, Path directory, NDManager manager, PrintWriter log) {
        return TrainingLoop.builder().setNetwork(network, manager).setData(train, test).optValidation(validation)
                .setSchedule(recipe.mint().retrain(), recipe.seed()).setDirectory(directory)
                .optAugmentation(Augmentation.REGISTRY.get(recipe.dataset().augmentation())).optResume(true)
                .optOutput(log);
    }

    /**
     * The original's and the compacted export's latency in the model's deployment runtime, when a
     * runtime on the class path runs it; else null.
     */
    private static PrunePoint.Latency runtimeLatency(PrunableNetwork original, PrunableNetwork best, Masks masks) {
        return RuntimeLatency.forNetwork(best).map(runtime -> {
            int[] batches = {1, 64};
            double[] before = runtime.millis(original, null, batches, EngineSetup.threads(), LatencyRuns.DEFAULT);
            double[] after = runtime.millis(best, masks, batches, EngineSetup.threads(), LatencyRuns.DEFAULT);
            return new PrunePoint.Latency(runtime.runtime(), EngineSetup.threads(), before[0], before[1], after[0],
                    after[1]);
        }).orElse(null);
    }

    private PrunePoint measure(RetrainUnit unit, PlanStage.Plan plan, PrunableNetwork best, double before,
            Checkpoint.State state, double seconds) {
        Masks masks = plan.masks();
        Footprint footprint = Footprint.of(best);
        long maskedWeights = 0;
        long maskedZeros = 0;
        Map<String, Double> byLayer = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> m : masks.byWeight().entrySet()) {
            long zeros = masks.zeros(m.getKey());
            maskedWeights += m.getValue().length;
            maskedZeros += zeros;
            byLayer.put(m.getKey(), (double) zeros / m.getValue().length);
        }
        return new PrunePoint(recipe.seed(), unit.criterion(), unit.target(), (double) maskedZeros / maskedWeights,
                (double) footprint.zeros() / footprint.parameters(), byLayer, before, TrainingJob.selectedOn(recipe),
                state.selected().validationAccuracy(), state.selected().testAccuracy(), state.last().testAccuracy(),
                state.bestTestAccuracy(), footprint.csrBytes(), footprint.denseBytes(), seconds, EngineSetup.threads(),
                plan.channels());
    }
}
