package org.mint4j.run;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Map;
import org.mint4j.data.DataDirectory;
import org.mint4j.data.ImageSource;
import org.mint4j.exec.Executor;
import org.mint4j.exec.LocalExecutor;
import org.mint4j.gmi.Parallel;
import org.mint4j.prune.ChannelCriterion;
import org.mint4j.prune.Criteria;
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

    private PipelineContext(Builder b) {
        if (b.recipe == null || b.directory == null || b.data == null) {
            throw new IllegalArgumentException("a pipeline needs a recipe, a run directory and a data directory");
        }
        if (b.recipe.mint() == null) {
            throw new RecipeException("recipe " + b.recipe.name() + " has no mint section: it can be trained, not "
                    + "pruned");
        }
        this.recipe = b.recipe;
        this.dir = b.directory;
        this.data = b.data;
        this.threads = Parallel.threadsOrCores(b.threads);
        this.executor = b.executor != null ? b.executor : new LocalExecutor(threads);
        this.allowOtherThreads = b.allowOtherThreads;
        this.out = b.out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Required: recipe, run directory, data directory. */
    public static final class Builder {
        private Recipe recipe;
        private RunDirectory directory;
        private DataDirectory data;
        private Executor executor;
        private int threads;
        private boolean allowOtherThreads;
        private PrintWriter out = new PrintWriter(Writer.nullWriter());

        public Builder setRecipe(Recipe recipe) {
            this.recipe = recipe;
            return this;
        }

        public Builder setDirectory(RunDirectory directory) {
            this.directory = directory;
            return this;
        }

        public Builder setData(DataDirectory data) {
            this.data = data;
            return this;
        }

        /** Where units run (default: this process, one after another). */
        public Builder optExecutor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** Threads of this process for the engine and the estimator (default: every core). */
        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads = " + threads + "; expected at least 1");
            }
            this.threads = threads;
            return this;
        }

        /** Continue stages made with another thread count (their numbers then differ slightly). */
        public Builder optAllowOtherThreads(boolean allow) {
            this.allowOtherThreads = allow;
            return this;
        }

        /** Where progress lines go (default: nowhere). */
        public Builder optOutput(PrintWriter out) {
            this.out = out;
            return this;
        }

        public PipelineContext build() {
            return new PipelineContext(this);
        }
    }

    public Recipe recipe() {
        return recipe;
    }

    /** This context with another recipe: the same directories, executor, threads and output. */
    PipelineContext withRecipe(Recipe other) {
        return builder().setRecipe(other).setDirectory(dir).setData(data).optExecutor(executor).optThreads(threads)
                .optAllowOtherThreads(allowOtherThreads).optOutput(out).build();
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

    /**
     * The pair criteria the score stage runs: the recipe's criteria, or with {@code structure:
     * channels} the pair criteria its channel criteria aggregate.
     */
    public java.util.List<Criterion> criteria() {
        return criteria(recipe);
    }

    static java.util.List<Criterion> criteria(Recipe recipe) {
        Criterion.Context context = criterionContext(recipe);
        java.util.List<String> names = recipe.mint().prunesChannels()
                ? channelCriteria(recipe).stream().flatMap(c -> c.pairScores().stream()).distinct().toList()
                : recipe.mint().criteria();
        return names.stream().map(name -> Criteria.create(name, context)).toList();
    }

    /** The recipe's channel criteria ({@code structure: channels}). */
    static java.util.List<ChannelCriterion> channelCriteria(Recipe recipe) {
        Criterion.Context context = criterionContext(recipe);
        return recipe.mint().criteria().stream().map(name -> Criteria.createChannel(name, context)).toList();
    }

    private static Criterion.Context criterionContext(Recipe recipe) {
        @SuppressWarnings("unchecked")
        Map<String, Object> section = Json.MAPPER.convertValue(recipe.mint(), Map.class);
        return new Criterion.Context(recipe.seed(), section);
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
