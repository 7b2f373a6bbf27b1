package org.mint4j.deploy;

import org.mint4j.util.Json;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mint4j.nn.CompactableNetwork;
import org.mint4j.nn.Networks;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.Safetensors;
import org.mint4j.recipe.Recipe;
import org.mint4j.recipe.Recipes;
import org.mint4j.nn.WeightFileException;
import org.mint4j.util.AtomicFiles;
import org.mint4j.util.Checksums;
import org.mint4j.util.IoErrors;

/**
 * A pruned model as a directory that can be shipped: {@code model.json} (format, version,
 * architecture, the channel counts of its links, which differ from the architecture's when
 * compacted, SHA-256 of every file, provenance),
 * {@code recipe.yaml}, {@code model.params} (DJL parameters) and {@code masks.safetensors} (the
 * masks by PyTorch weight name; absent for a compacted model, whose zeros are gone). Loading checks
 * the format, the version and every checksum, and gives a network with identical outputs.
 */
public final class PrunedModel {

    public static final String FORMAT = "mint4j-pruned-model";
    public static final int VERSION = 3;
    static final String META = "model.json";
    static final String PARAMS = "model.params";
    static final String MASKS = "masks.safetensors";
    static final String RECIPE = "recipe.yaml";

    private PrunedModel() {
    }

    /** What model.json holds. */
    public record Meta(String format, int version, String architecture, int[] channels, Map<String, String> files,
            Map<String, String> provenance) {
    }

    /**
     * Writes the model into a new directory (it must not exist), atomically: everything goes to a
     * temporary directory beside it that is renamed at the end.
     */
    public static void save(Path dir, Recipe recipe, PrunableNetwork network, Map<String, Safetensors.Tensor> masks,
            Map<String, String> provenance) {
        if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " already exists; choose another --out");
        }
        try {
            Path parent = dir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = AtomicFiles.createTemporaryDirectory(dir);
            Map<String, String> files = new LinkedHashMap<>();
            ByteArrayOutputStream params = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(params)) {
                network.block().saveParameters(out);
            }
            Files.write(tmp.resolve(PARAMS), params.toByteArray());
            files.put(PARAMS, Checksums.sha256(params.toByteArray()));
            if (masks != null) {
                Safetensors.write(tmp.resolve(MASKS), masks, Map.of("format", FORMAT));
                files.put(MASKS, Checksums.sha256(tmp.resolve(MASKS)));
            }
            AtomicFiles.writeString(tmp.resolve(RECIPE), Recipes.toYaml(recipe));
            files.put(RECIPE, Checksums.sha256(tmp.resolve(RECIPE)));
            int[] channels = network instanceof CompactableNetwork c ? c.channels() : null;
            Meta meta = new Meta(FORMAT, VERSION, network.architecture(), channels, files, provenance);
            AtomicFiles.writeString(tmp.resolve(META), Json.MAPPER.writeValueAsString(meta));
            Files.move(tmp, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + IoErrors.describe(e, dir), e);
        }
    }

    /** A loaded model: its network and, for a masked model, its masks. */
    public record Loaded(Recipe recipe, PrunableNetwork network, Meta meta, Map<String, Safetensors.Tensor> masks) {
    }

    /**
     * Loads a saved model.
     *
     * @throws WeightFileException naming the file when one is missing, of another format or version,
     *     truncated or corrupt (checksum mismatch)
     */
    public static Loaded load(Path dir, NDManager manager) {
        Path metaFile = dir.resolve(META);
        Meta meta;
        try {
            meta = Json.MAPPER.readValue(metaFile.toFile(), Meta.class);
        } catch (java.io.FileNotFoundException e) {
            throw new WeightFileException(metaFile, "missing: " + dir + " is not a saved pruned model");
        } catch (IOException e) {
            throw new WeightFileException(metaFile, "unreadable or truncated (" + IoErrors.describe(e, metaFile) + ")");
        }
        if (!FORMAT.equals(meta.format()) || meta.version() != VERSION) {
            throw new WeightFileException(metaFile, "format " + meta.format() + " version " + meta.version()
                    + "; this mint4j reads " + FORMAT + " version " + VERSION);
        }
        for (Map.Entry<String, String> f : meta.files().entrySet()) {
            Path file = dir.resolve(f.getKey());
            if (!Files.isRegularFile(file)) {
                throw new WeightFileException(file, "missing");
            }
            String sha = Checksums.sha256(file);
            if (!sha.equals(f.getValue())) {
                throw new WeightFileException(file, "corrupt or truncated: SHA-256 " + sha + ", model.json records "
                        + f.getValue());
            }
        }
        Recipe recipe = Recipes.load(dir.resolve(RECIPE).toString());
        PrunableNetwork network = recipe.model().create();
        if (meta.channels() != null && network instanceof CompactableNetwork c) {
            network = c.withChannels(meta.channels());
        }
        network.initialize(manager, 0);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(PARAMS))))) {
            Networks.loadParameters(network, manager, in);
        } catch (IOException | ai.djl.MalformedModelException e) {
            throw new WeightFileException(dir.resolve(PARAMS), "does not fit " + meta.architecture() + ": "
                    + e.getMessage());
        }
        Map<String, Safetensors.Tensor> masks = meta.files().containsKey(MASKS)
                ? Safetensors.read(dir.resolve(MASKS)) : null;
        return new Loaded(recipe, network, meta, masks);
    }
}
