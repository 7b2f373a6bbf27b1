package org.mint4j.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mint4j.prune.Criterion;
import org.mint4j.prune.LayerPair;
import org.mint4j.prune.ScoredPair;
import org.mint4j.util.Checksums;
import org.mint4j.util.Json;

/**
 * Where scores are kept: one file per criterion, looked up by the criterion's settings plus the
 * checksums of the baseline and the activation sample, and refused under anything else. Finished
 * units of an unfinished scoring are kept apart, named by the same settings.
 */
public final class ScoreStore {

    static final String STAGE = "score";
    private static final String FORMAT = "mint4j-scores";
    private static final int VERSION = 3;

    /**
     * Scores of one criterion, as saved. {@code seconds}: wall time of the invocation that finished
     * them (units saved by an earlier, interrupted one are not in it), with the loss gradients'
     * pass for a criterion that uses them.
     */
    public record ScoreFile(String format, int version, String criterion, Map<String, String> made, long seed,
            String recipe, Map<String, String> dataChecksums, double seconds, List<ScoredPair> pairs) {
    }

    /** One unit's rows: parent groups [from, to) of one pair. */
    public record Partial(Map<String, String> made, double[][] scores) {
    }

    private final RunDirectory dir;

    public ScoreStore(RunDirectory dir) {
        this.dir = dir;
    }

    /**
     * Everything a criterion's scores are made from: its settings, the pairs, the baseline and the
     * sample.
     */
    public Map<String, String> made(Criterion criterion, List<LayerPair> pairs) {
        Map<String, String> made = new LinkedHashMap<>(criterion.settings());
        made.put("pairs", pairs.toString());
        made.put("baseline_sha256", Checksums.sha256(dir.best()));
        made.put("sample_sha256", Files.exists(dir.sample()) ? Checksums.sha256(dir.sample()) : "none");
        return made;
    }

    /**
     * The saved scores of a criterion when they were made from {@code made}; empty when there are
     * none.
     *
     * @throws RunDirectoryException when they were made from something else, or in another format
     */
    public Optional<List<ScoredPair>> find(String criterion, Map<String, String> made) {
        Path file = dir.scores(criterion);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        ScoreFile saved = read(criterion);
        StageSettings.requireSame(STAGE, file, saved.made(), made, false);
        return Optional.of(saved.pairs());
    }

    /** The saved scores of a criterion, whatever they were made from. */
    public ScoreFile read(String criterion) {
        Path file = dir.scores(criterion);
        if (!Files.exists(file)) {
            throw new RunDirectoryException(dir.root() + " has no scores for " + criterion + " (" + file
                    + "); run mint prune");
        }
        ScoreFile saved = Json.read(file, ScoreFile.class);
        if (!FORMAT.equals(saved.format()) || saved.version() != VERSION) {
            throw new RunDirectoryException(file + " is a score file of format version " + saved.version()
                    + "; this mint4j reads version " + VERSION + ": score again with --redo score, or into another --out");
        }
        return saved;
    }

    public void save(String criterion, Map<String, String> made, long seed, String recipe,
            Map<String, String> dataChecksums, double seconds, List<ScoredPair> pairs) {
        Json.write(dir.scores(criterion), new ScoreFile(FORMAT, VERSION, criterion, made, seed, recipe, dataChecksums,
                seconds, pairs));
        for (Path partial : dir.partialScores(criterion)) {
            try {
                Files.deleteIfExists(partial);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot delete " + partial + ": " + e.getMessage(), e);
            }
        }
    }

    /** A finished unit's rows, if it was saved under the same settings. */
    public Optional<double[][]> partial(String criterion, Map<String, String> made, ScoringUnit unit) {
        Path file = partialFile(criterion, made, unit);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Partial p = Json.read(file, Partial.class);
        return p.made().equals(made) ? Optional.of(p.scores()) : Optional.empty();
    }

    public void savePartial(String criterion, Map<String, String> made, ScoringUnit unit, double[][] scores) {
        Json.write(partialFile(criterion, made, unit), new Partial(made, scores));
    }

    private Path partialFile(String criterion, Map<String, String> made, ScoringUnit unit) {
        String digest = Checksums.sha256(made.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 8);
        return dir.partialScores(criterion, digest, unit.pair(), unit.from(), unit.to());
    }
}
