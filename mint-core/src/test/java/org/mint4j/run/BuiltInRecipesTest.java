package org.mint4j.run;

import org.mint4j.prune.LayerPair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mint4j.nn.Networks;
import org.mint4j.nn.PrunableLayer;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.train.EngineSetup;

/** Every built-in recipe's layer pairs exist in its network and are connected directly. */
class BuiltInRecipesTest {

    @Test
    void everyPairJoinsAParentToAChildThatReadsItsOutputs() {
        EngineSetup.configure(2);
        for (String name : Recipes.BUILT_IN) {
            Recipe recipe = Recipes.load(name);
            try (NDManager manager = NDManager.newBaseManager()) {
                PrunableNetwork net = recipe.model().create();
                net.initialize(manager, 1);
                Map<String, PrunableLayer> layers = net.prunableLayers().stream()
                        .collect(Collectors.toMap(PrunableLayer::name, l -> l));
                for (LayerPair p : recipe.mint().pairs()) {
                    assertTrue(layers.containsKey(p.parent()) && layers.containsKey(p.child()), name + ": " + p);
                    long inputs = net.namedParameters().get(layers.get(p.child()).weight()).getShape().get(1);
                    assertEquals(layers.get(p.parent()).outputs(), inputs, name + ": " + p);
                    assertTrue(p.parentGroups() <= layers.get(p.parent()).outputs(), name + ": " + p);
                    assertTrue(p.childGroups() <= layers.get(p.child()).outputs(), name + ": " + p);
                }
                for (String skipped : recipe.mint().skip()) {
                    assertTrue(layers.containsKey(skipped), name + ": skip " + skipped);
                }
            }
        }
        Recipe vgg = Recipes.load("cifar10-vgg16bn");
        assertEquals(10, vgg.mint().pairs().size());
        assertEquals(0.45, vgg.mint().gamma().cap("conv7", 64), 0.0);
        assertEquals(1.0, vgg.mint().gamma().cap("conv9", 64), 0.0);
        assertEquals(52, Recipes.load("imagenet-resnet50").mint().pairs().size());
    }
}
