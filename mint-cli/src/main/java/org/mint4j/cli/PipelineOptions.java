package org.mint4j.cli;

import java.io.PrintWriter;
import org.mint4j.exec.Executor;
import org.mint4j.exec.Executors;
import org.mint4j.recipe.Recipe;
import org.mint4j.run.PipelineContext;
import org.mint4j.run.PruningPipeline;
import org.mint4j.run.RunDirectory;
import picocli.CommandLine.Option;

/** Options of the commands that run pipeline stages: where units run, what to redo, threads. */
final class PipelineOptions {

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Run scoring units and retraining points on Apache Spark: local[N] or spark://HOST:PORT "
                    + "(default: threads of this process). The data and run directories must be paths every node "
                    + "reads.")
    String spark;

    @Option(names = "--redo", paramLabel = "STAGE",
            description = "Redo this stage (train, sample, score, retrain) and every stage after it.")
    String redo;

    @Option(names = "--allow-other-threads",
            description = "Continue stages made with another --threads (their numbers then differ from an "
                    + "uninterrupted run).")
    boolean allowOtherThreads;

    Executor open(CommonOptions common) {
        return Executors.open(spark, common.threads());
    }

    /** The context of one seed's pipeline, after deleting what --redo asks to redo. */
    PipelineContext context(Recipe recipe, RunDirectory dir, CommonOptions common, Executor executor,
            PrintWriter out) {
        if (redo != null) {
            PruningPipeline.redo(dir, redo);
        }
        return PipelineContext.builder().setRecipe(recipe).setDirectory(dir).setData(common.dataDirectory())
                .optExecutor(executor).optThreads(common.threads()).optAllowOtherThreads(allowOtherThreads)
                .optOutput(out).build();
    }
}
