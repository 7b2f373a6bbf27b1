package org.mint4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.onnx.Coupling;
import org.mint4j.onnx.Dependencies;
import org.mint4j.onnx.Grouping;
import org.mint4j.onnx.Layer;
import org.mint4j.onnx.OnnxModel;
import org.mint4j.prune.LayerPair;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.train.EngineSetup;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mint info}: a recipe's network, parameter by parameter, or an ONNX model's prunable layers and pairs. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "List a recipe's parameters with their PyTorch names, shapes and counts; or an ONNX model's "
                + "prunable layers, the channels coupled across them and the MINT pairs derived from its graph.")
final class InfoCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--recipe", required = true, paramLabel = "NAME|FILE")
        String recipe;

        @Option(names = "--model", required = true, paramLabel = "FILE.onnx")
        Path model;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (source.model != null) {
            printOnnx(OnnxModel.load(source.model), out);
        } else {
            printRecipe(Recipes.load(source.recipe), out);
        }
        return 0;
    }

    private static void printRecipe(Recipe r, PrintWriter out) {
        EngineSetup.configure(1);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = r.model().create();
            network.initialize(manager, r.seed());
            network.namedParameters().forEach((name, p) -> shapes.put(name, p.getShape().getShape()));
        }
        out.printf("%s (%s on %s)%n", r.name(), r.model().label(), r.dataset().name());
        out.printf("%-24s %-16s %12s%n", "parameter", "shape", "count");
        long total = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long count = Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
            total += count;
            out.printf("%-24s %-16s %,12d%n", e.getKey(),
                    Arrays.stream(e.getValue()).mapToObj(Long::toString).collect(Collectors.joining("x")), count);
        }
        out.printf("%-24s %-16s %,12d%n", "total", "", total);
    }

    private static void printOnnx(OnnxModel model, PrintWriter out) {
        Dependencies graph = Dependencies.of(model);
        out.printf("%s: input %s, %d prunable layers%n", model.file(), model.sampleShape(), graph.layers().size());
        out.printf("%-28s %-8s %8s %8s %12s%n", "layer", "op", "in", "out", "parameters");
        for (Layer l : graph.layers()) {
            out.printf("%-28s %-8s %8d %8d %,12d%n", l.name(), l.op() + (l.depthwise() ? " dw" : ""), l.inChannels(),
                    l.outChannels(), l.parameters());
        }
        List<Coupling> couplings = graph.couplings();
        out.printf("%ncoupled channel sets (%d): written by -> read by%n", couplings.size());
        for (Coupling c : couplings) {
            out.printf("%4d x %s -> %s%s%n", c.channels(), c.writers(), c.readers(), c.pinned() ? " (pinned)" : "");
        }
        List<ChannelFamily> families = graph.families();
        out.printf("%nchannel families for structure: channels (%d; mint.skip and mint.gamma.layers name them): "
                + "channels (attention heads for .heads), filters each, writers%n", families.size());
        for (ChannelFamily f : families) {
            List<ChannelFamily.Cut> writers = f.cuts(ChannelFamily.Role.WRITER);
            out.printf("  %-28s %5d %5d  %s%n", f.name(), f.channels(), writers.stream().mapToInt(ChannelFamily.Cut::width)
                    .sum() / writers.stream().map(ChannelFamily.Cut::tensor).distinct().count(),
                    writers.stream().map(ChannelFamily.Cut::tensor).distinct().toList());
        }
        List<LayerPair> pairs = graph.pairs(Grouping.perChannel(), Set.of());
        out.printf("%nMINT pairs (pairs: auto, groups: channels): %d%n", pairs.size());
        for (LayerPair p : pairs) {
            out.printf("  %s%n", p);
        }
    }
}
