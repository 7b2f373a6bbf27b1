package org.mint4j.onnx;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mint4j.deploy.LatencyRuns;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.prune.Budget;
import org.mint4j.prune.ChannelCriterion;
import org.mint4j.prune.ChannelEvidence;
import org.mint4j.prune.ChannelPlan;
import org.mint4j.prune.TensorCosts;

/**
 * What a channel plan buys in ONNX Runtime before any retraining (latency does not depend on the
 * weights' values): an imported model planned by a weight-only criterion at one MACs target with
 * each rounding of the kept widths, every compacted export timed beside the original (and any
 * other files given, such as another tool's pruned models) in the same run. ONNX Runtime's fastest convolutions work on blocks of channels, so widths off the block can
 * cost as much as the block.
 */
public final class ChannelLatencyBenchmark {

    private ChannelLatencyBenchmark() {
    }

    /**
     * @param steps the plan's steps ({@link ChannelPlan.Builder#optSteps})
     * @param skip channel families left whole ({@link ChannelPlan.Builder#optSkip})
     * @param others more ONNX files timed in the same run (another tool's pruned models)
     * @throws IllegalArgumentException when the criterion needs pair scores (only weight-only criteria plan here)
     */
    public static void run(Path model, ChannelCriterion criterion, double target, List<Integer> roundings, int steps,
            List<String> skip, List<Path> others, int threads, LatencyRuns runs, PrintWriter out) {
        if (criterion.pairScores().isPresent()) {
            throw new IllegalArgumentException("criterion " + criterion.name() + " ranks channels by scored pairs; "
                    + "the latency benchmark plans with a weight-only criterion (l1, l2, slimming, random)");
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("mint-channel-latency");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(model));
            net.initialize(manager, 0);
            List<ChannelFamily> families = net.channelFamilies();
            List<String> names = families.stream().map(ChannelFamily::name).toList();
            for (String skipped : skip) {
                if (!names.contains(skipped)) {
                    throw new IllegalArgumentException("--skip " + skipped + ": not a channel family of " + model
                            + ", whose families are " + names);
                }
            }
            List<double[]> importance = ChannelEvidence.of(net, List.of()).importance(criterion, families, skip);
            TensorCosts costs = TensorCosts.of(net);
            Map<String, Path> files = new LinkedHashMap<>();
            files.put("original", model);
            out.printf(Locale.ROOT, "%s: %d channel families; %s plans removing %.0f%% of the MACs%s%s%n", model,
                    families.size(), criterion.name(), 100 * target, steps > 1 ? " in " + steps + " steps" : "",
                    skip.isEmpty() ? "" : ", " + skip + " left whole");
            for (int r : roundings) {
                String name = "round_to " + r;
                ChannelPlan plan;
                try {
                    plan = ChannelPlan.builder().setFamilies(families, importance).setCosts(costs)
                            .setBudget(Budget.MACS, target).optRoundTo(r).optSkip(skip)
                            .optSteps(steps, criterion.normalizedPerFamily()).build();
                } catch (IllegalArgumentException unreachable) {
                    out.printf("  %s: not timed, %s%n", name, unreachable.getMessage());
                    continue;
                }
                files.put(name, scratch.resolve("round-" + r + ".onnx"));
                OnnxExport.compacted(net, plan.masks(costs.shapes()), files.get(name));
                out.printf(Locale.ROOT, "  %s: kept widths %s%n", name, plan.keptChannels().values());
            }
            others.forEach(other -> files.put(other.toString(), other));
            out.printf("ONNX Runtime %s, %d intra-op threads, %s:%n%n",
                    ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion(), threads, runs.describe());
            RuntimeBench.print(out, RuntimeBench.measure(files, threads, runs, manager));
        } finally {
            try (var listing = Files.list(scratch)) {
                for (Path p : listing.toList()) {
                    Files.delete(p);
                }
                Files.delete(scratch);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
