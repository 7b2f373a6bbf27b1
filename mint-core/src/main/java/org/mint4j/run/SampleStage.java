package org.mint4j.run;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.prune.LayerActivations;
import org.mint4j.util.Checksums;
import org.mint4j.util.Json;

/**
 * Records the activations of every prunable layer on a class-balanced sample of the training
 * images left by the validation hold-out (the same images for parent and child), and the images' indices in {@code sample.json}.
 */
final class SampleStage {

    static final String STAGE = "sample";

    /** The images whose activations were recorded, and what they were drawn with. */
    record Sample(Map<String, String> settings, int[] indices) {
    }

    private SampleStage() {
    }

    static LayerActivations record(PipelineContext ctx, PrunableNetwork network, NDManager manager) {
        RunDirectory dir = ctx.dir();
        long sampleSeed = ctx.recipe().seed() * 0x5DEECE66DL + 11;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("samples_per_class", Integer.toString(ctx.mint().samplesPerClass()));
        // The sample is drawn from the training images the validation hold-out leaves.
        settings.put("validation_per_class", Integer.toString(ctx.recipe().dataset().validationPerClass()));
        settings.put("seed", Long.toString(sampleSeed));
        settings.put("baseline_sha256", Checksums.sha256(dir.best()));
        if (Files.exists(dir.sample())) {
            StageSettings.requireSame(STAGE, dir.sample(), Json.read(dir.sample(), Sample.class).settings(), settings,
                    false);
        }
        LayerActivations a = LayerActivations.record(network, ctx.trainSet(), ctx.mint().samplesPerClass(),
                sampleSeed, manager);
        if (!Files.exists(dir.sample())) {
            Json.write(dir.sample(), new Sample(settings, a.imageIndices()));
        }
        ctx.out().printf("[score] activations of %d images (%d per class) recorded%n", a.imageIndices().length,
                ctx.mint().samplesPerClass());
        return a;
    }
}
