package org.mint4j.onnx;

import org.mint4j.prune.LayerPair;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mint4j.SharedData;
import org.mint4j.data.Datasets;
import org.mint4j.data.ImageSet;
import org.mint4j.data.Normalization;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
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
}
