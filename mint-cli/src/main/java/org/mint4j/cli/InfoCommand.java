package org.mint4j.cli;

import java.util.LinkedHashMap;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.train.EngineSetup;
import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.run.TrainingJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint info}: a recipe's network, layer by layer. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "List a recipe's parameters with their PyTorch names, shapes and counts.")
final class InfoCommand implements Callable<Integer> {

    @Option(names = "--recipe", required = true, paramLabel = "NAME|FILE")
    String recipe;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Recipe r = Recipes.load(recipe);
        EngineSetup.configure(1);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            PrunableNetwork network = r.model().create();
            network.initialize(manager, r.seed());
            network.namedParameters().forEach((name, p) -> shapes.put(name, p.getShape().getShape()));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s (%s on %s)%n", r.name(), r.model().architecture(), r.dataset().name());
        out.printf("%-24s %-16s %12s%n", "parameter", "shape", "count");
        long total = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long count = Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
            total += count;
            out.printf("%-24s %-16s %,12d%n", e.getKey(),
                    Arrays.stream(e.getValue()).mapToObj(Long::toString).collect(Collectors.joining("x")), count);
        }
        out.printf("%-24s %-16s %,12d%n", "total", "", total);
        return 0;
    }
}
