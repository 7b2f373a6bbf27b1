package org.mint4j.cli;

import org.mint4j.nn.WeightFiles;
import org.mint4j.run.RunDirectory;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mint4j.deploy.Compaction;
import org.mint4j.deploy.PrunedModel;
import org.mint4j.nn.CompactableNetwork;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.PytorchWeights;
import org.mint4j.nn.Safetensors;
import org.mint4j.onnx.OnnxExport;
import org.mint4j.onnx.OnnxModel;
import org.mint4j.onnx.BuiltInOnnx;
import org.mint4j.onnx.OnnxNetwork;
import org.mint4j.run.Provenance;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.Kernels;
import org.mint4j.train.TrainingLoop;
import org.mint4j.util.Checksums;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint export}: a retrained point as a loadable model directory, a safetensors file or an ONNX model. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a pruned network: --format djl writes a model directory (parameters, masks, recipe, "
                + "provenance, checksums); --format safetensors writes PyTorch-named tensors; --format onnx writes "
                + "an imported model's graph, or the graph a built-in network writes, with the point's "
                + "weights (--point baseline: the trained network). --compact "
                + "removes dead neurons and channels first.")
final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path run;

    private static final List<String> FORMATS = List.of("djl", "safetensors", "onnx");

    @Option(names = "--format", required = true, paramLabel = "djl|safetensors|onnx")
    String format;

    @Option(names = "--compact", description = "Remove neurons and channels whose inputs or outputs are all zero.")
    boolean compact;

    @Option(names = "--out", required = true, paramLabel = "PATH")
    Path out;

    @Mixin
    SeedOption seeds;

    @Mixin
    PointOption point;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        run = seeds.one(run);
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("--format " + format + ": expected one of " + FORMATS);
        }
        EngineSetup.configure(common.threads());
        try (NDManager manager = NDManager.newBaseManager()) {
            if (format.equals("onnx")) {
                return exportOnnx(manager);
            }
            PointOption.Selected selected = point.select(RunDirectory.at(run), manager);
            PrunableNetwork network = selected.network();
            if (compact) {
                if (!(network instanceof CompactableNetwork c)) {
                    throw new IllegalArgumentException("--compact supports mlp, vgg16bn and the CIFAR ResNets, not "
                            + network.architecture());
                }
                network = Compaction.compact(c, manager);
            }
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("mint4j", Provenance.version());
            provenance.put("source", Provenance.buildSource());
            provenance.put("engine", EngineSetup.describe());
            provenance.put("kernels", Kernels.describe());
            provenance.put("run", run.toAbsolutePath().toString());
            provenance.put("point", selected.name());
            provenance.put("seed", Long.toString(selected.recipe().seed()));
            RunDirectory dir = RunDirectory.at(run);
            provenance.put("weights_sha256", WeightFiles.verify(RunDirectory.pointWeights(selected.directory())));
            // A channel point ranked by weights alone (l1, l2, slimming, random) has no scores file.
            Path scores = dir.scores(selected.point().criterion());
            if (selected.point().channels() == null || java.nio.file.Files.exists(scores)) {
                provenance.put("scores_sha256", Checksums.sha256(scores));
            }
            provenance.put("baseline_sha256", WeightFiles.verify(dir.best()));
            if (format.equals("djl")) {
                Map<String, Safetensors.Tensor> masks = null;
                if (!compact) {
                    masks = new LinkedHashMap<>();
                    for (var e : selected.masks().byWeight().entrySet()) {
                        long[] shape = network.namedParameters().get(e.getKey()).getShape().getShape();
                        masks.put(e.getKey(), new Safetensors.Tensor(shape, e.getValue()));
                    }
                }
                PrunedModel.save(out, selected.recipe(), network, masks, provenance);
            } else {
                Safetensors.write(out, PytorchWeights.export(network), provenance);
            }
            spec.commandLine().getOut().printf("exported %s (%s%s, %d parameters) to %s%n", selected.name(), format,
                    compact ? ", compacted" : "", org.mint4j.nn.Networks.parameterCount(network), out);
        }
        return 0;
    }

    /**
     * The imported graph, or the graph a built-in network writes, with the baseline's or a point's
     * weights (masked, or compacted).
     */
    private int exportOnnx(NDManager manager) {
        RunDirectory dir = RunDirectory.at(run);
        String name;
        OnnxNetwork network;
        if (point.isBaseline()) {
            if (compact) {
                throw new IllegalArgumentException("--compact: the baseline has no masks to compact by; name a "
                        + "retrained point with --point");
            }
            network = BuiltInOnnx.of(dir.loadBaseline(manager), manager);
            OnnxExport.baseline(network, out);
            name = PointOption.BASELINE;
        } else {
            PointOption.Selected selected = point.select(dir, manager);
            network = BuiltInOnnx.of(selected.network(), manager);
            if (compact) {
                OnnxExport.compacted(network, selected.masks(), out);
            } else {
                OnnxExport.masked(network, selected.masks(), out);
            }
            name = selected.name();
        }
        long parameters = OnnxModel.load(out).initializers().values().stream().mapToLong(t -> t.values().length).sum();
        spec.commandLine().getOut().printf("exported %s (onnx%s, %d parameters) to %s%n", name,
                compact ? ", compacted" : "", parameters, out);
        return 0;
    }
}
