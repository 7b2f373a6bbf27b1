package org.mint4j.cli;

import org.mint4j.run.SeedResults;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mint4j.data.DataDirectory;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.Masks;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.RecipeException;
import org.mint4j.util.Json;
import org.mint4j.run.PrunePoint;
import org.mint4j.run.PruningPipeline;
import org.mint4j.run.TrainingJob;
import org.mint4j.train.TrainingLoop;
import picocli.CommandLine.Option;

/** Picks one retrained point of a pruning run: by name, or the most pruned MINT point above the floor. */
final class PointOption {

    @Option(names = "--point", paramLabel = "NAME",
            description = "A directory under RUN_DIR/retrain/ (default: the most pruned mint point above the floor).")
    String point;

    @Option(names = "--recipe", paramLabel = "NAME|FILE",
            description = "The recipe whose mint section made the run's points (default: the run's own recipe).")
    String recipe;

    /** A point's directory, retrained network (with its masks applied) and masks. */
    record Selected(Path directory, Recipe recipe, PrunableNetwork network, Masks masks, String name) {
    }

    Selected select(Path run, DataDirectory data, int threads, NDManager manager) {
        Recipe recipe = RetrainCommand.recipeFor(run, this.recipe);
        PruningPipeline pipeline = new PruningPipeline(recipe, data, threads, new java.io.PrintWriter(
                java.io.Writer.nullWriter()));
        Path dir;
        String criterion;
        double target;
        if (point != null) {
            dir = run.resolve("retrain").resolve(point);
            if (!Files.exists(dir.resolve("point.json"))) {
                throw new RecipeException(dir + " is not a finished retrained point (no point.json)");
            }
            PrunePoint p = Json.read(dir.resolve("point.json"), PrunePoint.class);
            criterion = p.criterion();
            target = p.target();
        } else {
            Path results = run.resolve(PruningPipeline.RESULTS);
            if (!Files.exists(results)) {
                throw new RecipeException(run + " has no " + PruningPipeline.RESULTS + "; finish it with mint run "
                        + "or mint retrain, or name a point with --point");
            }
            var best = Json.MAPPER.valueToTree(Json.read(results, SeedResults.class))
                    .path("best_meeting_floor").path("mint");
            if (best.isMissingNode()) {
                throw new RecipeException("no mint point of " + run + " meets its accuracy floor; name one with --point");
            }
            criterion = "mint";
            target = best.path("target").asDouble();
            dir = pipeline.pointDirectory(run, criterion, target);
        }
        if (!Files.exists(dir.resolve(TrainingLoop.BEST))) {
            throw new RecipeException(dir + " has no retrained weights; was the point made with another recipe? "
                    + "Pass it with --recipe");
        }
        PrunableNetwork network = TrainingJob.loadWeights(recipe, dir.resolve(TrainingLoop.BEST), manager);
        // The masks the point was retrained with; runs older than that file re-plan them, which
        // is only right under the settings the point was made with (its directory name says which).
        Path saved = dir.resolve(PruningPipeline.MASKS);
        if (!Files.exists(saved) && !pipeline.pointDirectory(run, criterion, target).getFileName()
                .equals(dir.getFileName())) {
            throw new RecipeException(dir + " has no saved masks and was made with other mask settings (gamma, "
                    + "skip, retraining) than " + (this.recipe == null ? "the run's recipe" : "recipe " + this.recipe)
                    + ", so they cannot be re-planned; pass the recipe it was made with as --recipe");
        }
        Masks masks = Files.exists(saved) ? Masks.read(saved) : pipeline.masks(run, network, criterion, target);
        masks.bind(network, manager).applyToWeights();
        return new Selected(dir, recipe, network, masks, dir.getFileName().toString());
    }
}
