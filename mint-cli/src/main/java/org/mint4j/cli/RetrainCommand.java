package org.mint4j.cli;

import org.mint4j.run.RunDirectory;
import org.mint4j.exec.Executor;
import org.mint4j.run.SeedResults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.RecipeException;
import org.mint4j.recipe.Recipes;
import org.mint4j.run.PruningPipeline;
import org.mint4j.run.ResultTables;
import org.mint4j.run.TrainingJob;
import org.mint4j.util.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mint retrain}: retrain every planned sweep point of a scored run and write the table. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Retrain, with the masks fixed, every (criterion, target) of a run scored by mint prune, "
                + "then write RUN_DIR/results.json and results.md.")
final class RetrainCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "RUN_DIR")
    Path from;

    @Option(names = "--recipe", paramLabel = "NAME|FILE",
            description = "Take the mint section from this recipe (default: the run's own recipe).")
    String recipe;

    @Mixin
    SeedOption seeds;

    @Mixin
    CommonOptions common;

    @Mixin
    PipelineOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        from = seeds.one(from);
        Recipe r = recipeFor(from, recipe);
        PrintWriter out = spec.commandLine().getOut();
        SeedResults results;
        try (RunLock lock = RunDirectoryLock.take(spec, from); Executor executor = options.open(common)) {
            PruningPipeline pipeline = new PruningPipeline(options.context(r, RunDirectory.at(from), common, executor,
                    out));
            results = pipeline.retrain(pipeline.score(), new LinkedHashMap<>());
        }
        out.print(ResultTables.seedTable(results));
        return 0;
    }

    /** The run's recipe, with the mint section of {@code recipe} if one is given. */
    static Recipe recipeFor(Path run, String recipe) {
        Recipe own = RunDirectory.at(run).readRecipe();
        if (recipe == null) {
            return own;
        }
        Recipe other = Recipes.load(recipe);
        if (!other.model().equals(own.model()) || !other.dataset().equals(own.dataset())) {
            throw new RecipeException("recipe " + recipe + " is for " + other.model().label() + " on "
                    + other.dataset().name() + ", but " + run + " trained " + own.model().label() + " on "
                    + own.dataset().name());
        }
        return own.withPruning(other.mint());
    }
}
