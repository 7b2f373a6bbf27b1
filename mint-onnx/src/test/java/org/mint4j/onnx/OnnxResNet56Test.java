package org.mint4j.onnx;

import org.mint4j.prune.LayerPair;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.SharedData;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSet;
import org.mint4j.data.Normalization;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.prune.Gamma;
import org.mint4j.prune.ScoredPair;
import org.mint4j.run.PipelineContext;
import org.mint4j.run.PruningPipeline;
import org.mint4j.run.RunDirectory;
import org.mint4j.run.TrainingJob;
import org.mint4j.train.EngineSetup;
import org.mint4j.train.Evaluation;

/** akamaster's ResNet-56, exported to ONNX by scripts/onnx-fixtures.py, measures what the built-in network does. */
class OnnxResNet56Test {

    @Test
    void measures9339OnTheCifar10TestSet() {
        EngineSetup.configure(2);
        ImageSet test = Datasets.load("cifar10", SharedData.directory(), false).withNormalization(Normalization.IMAGENET);
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxNetwork net = new OnnxNetwork(OnnxModel.load(OnnxFixtures.model("resnet56")));
            net.initialize(m, 0);
            assertEquals(9339, Math.round(Evaluation.accuracy(net, test, m) * 10_000));
        }
    }

    @Test
    void derivedPairsAreTheBuiltInRecipes() {
        Recipe builtIn = Recipes.load("cifar10-resnet56");
        Dependencies d = Dependencies.of(OnnxModel.load(OnnxFixtures.model("resnet56")));
        List<LayerPair> derived = d.pairs(Grouping.perChannel(), Set.of());
        assertEquals(builtIn.mint().pairs(), derived.subList(0, derived.size() - 1), "every conv pair, in order");
        assertEquals(new LayerPair("layer3.8.conv2", "linear", 64, 10), derived.get(derived.size() - 1),
                "and the classifier, which the built-in recipe leaves unpaired");
    }

    /**
     * The built-in and imported paths agree: the cifar10-resnet56 recipe and the same recipe with
     * the ONNX export, pairs: auto and groups per channel give the same MINT scores on the same
     * sample (reduced: 3 pairs, 2 images per class; docs/results/onnx-resnet56.md runs all of them).
     */
    @Test
    void pairsAutoGivesTheBuiltInRecipesMintScores(@TempDir Path tmp) {
        Recipe builtIn = Recipes.load("cifar10-resnet56");
        List<LayerPair> three = List.of(builtIn.mint().pairs().get(0), builtIn.mint().pairs().get(1),
                builtIn.mint().pairs().get(18));
        assertEquals("layer1.8.conv2 -> layer2.0.conv1 (16 x 32 groups)", three.get(2).toString());
        Recipe.Dataset subset = new Recipe.Dataset("cifar10", "crop-flip", "imagenet", 5, 1, 0);
        Recipe.Pruning mint = builtIn.mint().withSamplesPerClass(2).withSetting(three, Gamma.NONE, List.of("mint"));
        Recipe explicit = builtIn.withDataset(subset).withPruning(mint);
        // Every layer but the three children is skipped, so that auto derives exactly their pairs.
        List<String> others = Dependencies.of(OnnxModel.load(OnnxFixtures.model("resnet56"))).layers().stream()
                .map(Layer::name).filter(n -> three.stream().noneMatch(p -> p.child().equals(n))).toList();
        Recipe imported = new Recipe("onnx-resnet56", "imported", builtIn.seed(), new Recipe.Model(null, null, null,
                OnnxFixtures.model("resnet56").toString(), null), subset, null, new Recipe.Pruning(2,
                Recipe.Pruning.AUTO_PAIRS, null, Gamma.NONE, others, mint.targets(), null, List.of("mint"),
                mint.retrain(), 0.0, false, 0, Recipe.Pruning.CONNECTIONS, null, null, null, null));
        List<ScoredPair> expected = mintScores(explicit, tmp.resolve("built-in"));
        List<ScoredPair> actual = mintScores(imported, tmp.resolve("onnx"));
        assertEquals(three, actual.stream().map(ScoredPair::pair).toList());
        for (int i = 0; i < three.size(); i++) {
            for (int c = 0; c < expected.get(i).scores().length; c++) {
                assertArrayEquals(expected.get(i).scores()[c], actual.get(i).scores()[c], three.get(i) + " row " + c);
            }
        }
    }

    private static List<ScoredPair> mintScores(Recipe recipe, Path dir) {
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        PruningPipeline pipeline = new PruningPipeline(PipelineContext.builder().setRecipe(recipe)
                .setDirectory(RunDirectory.at(dir)).setData(SharedData.directory()).optThreads(2).optOutput(quiet)
                .build());
        TrainingJob.run(pipeline.recipe(), SharedData.directory(), RunDirectory.at(dir), 2, false, List.of("test"),
                quiet);
        Map<String, List<ScoredPair>> scores = pipeline.score();
        return scores.get("mint");
    }
}
