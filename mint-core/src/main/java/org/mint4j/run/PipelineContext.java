package org.mint4j.run;

import java.io.PrintWriter;
import java.util.Map;
import org.mint4j.data.DataDirectory;
import org.mint4j.data.ImageSource;
import org.mint4j.exec.Executor;
import org.mint4j.prune.Criterion;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.RecipeException;
import org.mint4j.util.Json;

/** What every stage of one seed's pipeline shares: the recipe, the directories, the executor, the output. */
public final class PipelineContext {

    private final Recipe recipe;
    private final RunDirectory dir;
    private final DataDirectory data;
    private final Executor executor;
    private final int threads;
    private final boolean allowOtherThreads;
    private final PrintWriter out;
    private ImageSource trainSet;
    private ImageSource testSet;

    /**
     * @param threads threads of this JVM for the engine and the estimator
     * @param allowOtherThreads continue stages made with another thread count
     */
    public PipelineContext(Recipe recipe, RunDirectory dir, DataDirectory data, Executor executor, int threads,
            boolean allowOtherThreads, PrintWriter out) {
        if (recipe.mint() == null) {
            throw new RecipeException("recipe " + recipe.name() + " has no mint section: it can be trained, not pruned");
        }
        this.recipe = recipe;
        this.dir = dir;
        this.data = data;
        this.executor = executor;
        this.threads = threads;
        this.allowOtherThreads = allowOtherThreads;
        this.out = out;
    }

    public Recipe recipe() {
        return recipe;
    }

    public Recipe.Pruning mint() {
        return recipe.mint();
    }

    public RunDirectory dir() {
        return dir;
    }

    public DataDirectory data() {
        return data;
    }

    public Executor executor() {
        return executor;
    }

    public int threads() {
        return threads;
    }

    public boolean allowOtherThreads() {
        return allowOtherThreads;
    }

    public PrintWriter out() {
        return out;
    }

    /** The recipe's criteria, built from its mint section. */
    public java.util.List<Criterion> criteria() {
        @SuppressWarnings("unchecked")
        Map<String, Object> section = Json.MAPPER.convertValue(recipe.mint(), Map.class);
        Criterion.Context context = new Criterion.Context(recipe.seed(), section);
        return recipe.mint().criteria().stream().map(name -> org.mint4j.prune.Criteria.create(name, context)).toList();
    }

    public ImageSource trainSet() {
        if (trainSet == null) {
            trainSet = recipe.open(data, true);
        }
        return trainSet;
    }

    public ImageSource testSet() {
        if (testSet == null) {
            testSet = recipe.open(data, false);
        }
        return testSet;
    }
}
