package org.mint4j.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.Criteria;
import org.mint4j.prune.Masks;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.RecipeException;
import org.mint4j.run.PointName;
import org.mint4j.run.PrunePoint;
import org.mint4j.run.RunDirectory;
import org.mint4j.run.SeedResults;
import org.mint4j.util.Json;
import picocli.CommandLine.Option;

/**
 * Picks one retrained point of a pruning run: by name, or the most pruned point of the default
 * criterion above the floor; or, where a command takes it, the run's baseline.
 */
final class PointOption {

    static final String BASELINE = "baseline";

    @Option(names = "--point", paramLabel = "NAME",
            description = "A directory under RUN_DIR/retrain/ (default: the most pruned point of the paper's "
                    + "criterion above the floor); mint export --format onnx also takes " + BASELINE + ".")
    String point;

    @Option(names = "--recipe", paramLabel = "NAME|FILE",
            description = "The recipe whose mint section made the run's points (default: the run's own recipe).")
    String recipe;

    /** A point's directory, name, retrained network (with its masks applied) and masks. */
    record Selected(Path directory, String name, PrunePoint point, Recipe recipe, PrunableNetwork network, Masks masks) {
    }

    /** Whether --point names the run's baseline (its network before pruning) rather than a retrained point. */
    boolean isBaseline() {
        return BASELINE.equals(point);
    }

    Selected select(RunDirectory run, NDManager manager) {
        if (isBaseline()) {
            throw new IllegalArgumentException("--point " + BASELINE + " is taken by mint export --format onnx only; "
                    + "name a retrained point under " + run.retrainDirectory());
        }
        Recipe r = RetrainCommand.recipeFor(run.root(), recipe);
        Path dir;
        if (point != null) {
            dir = run.point(point);
        } else {
            if (!Files.exists(run.results())) {
                throw new RecipeException(run.root() + " has no " + run.results().getFileName() + "; finish it with "
                        + "mint run or mint retrain, or name a point with --point");
            }
            PrunePoint best = Json.read(run.results(), SeedResults.class).bestMeetingFloor().get(Criteria.DEFAULT);
            if (best == null) {
                throw new RecipeException("no " + Criteria.DEFAULT + " point of " + run.root() + " meets its accuracy "
                        + "floor; name one with --point");
            }
            dir = run.point(PointName.of(r.mint(), best.criterion(), best.target()));
        }
        if (!Files.exists(RunDirectory.pointFile(dir))) {
            throw new RecipeException(dir + " is not a finished retrained point (no point.json); was it made with "
                    + "another recipe? Pass it with --recipe, or name a point with --point");
        }
        PrunePoint made = Json.read(RunDirectory.pointFile(dir), PrunePoint.class);
        PrunableNetwork network = RunDirectory.loadNetwork(r, RunDirectory.pointWeights(dir), manager);
        Masks masks = Masks.read(RunDirectory.pointMasks(dir));
        masks.bind(network, manager).applyToWeights();
        return new Selected(dir, dir.getFileName().toString(), made, r, network, masks);
    }
}
