package org.mint4j.nn;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mint4j.util.AtomicFiles;
import org.mint4j.util.Checksums;

/**
 * Weight files with their SHA-256 beside them ({@code FILE.sha256}), written when the weights are
 * and checked before they are used, so a damaged or edited file is one clear error instead of a
 * network that quietly computes something else.
 */
public final class WeightFiles {

    private static final String REDO = "restore the file, or redo the stage that wrote it (mint run --redo STAGE)";

    private WeightFiles() {
    }

    public static Path digestFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    /** Writes the weights atomically, then their digest. */
    public static void write(Path file, AtomicFiles.Writer writer) {
        AtomicFiles.write(file, writer);
        AtomicFiles.writeString(digestFile(file), Checksums.sha256(file) + "\n");
    }

    /**
     * @return the file's digest
     * @throws WeightFileException when the file is missing, has no recorded digest, or differs from it
     */
    public static String verify(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WeightFileException(file, "missing");
        }
        Path digest = digestFile(file);
        if (!Files.isRegularFile(digest)) {
            throw new WeightFileException(file, "has no recorded checksum (" + digest.getFileName()
                    + "), so it cannot be trusted", REDO);
        }
        String expected;
        try {
            expected = Files.readString(digest).trim();
        } catch (java.io.IOException e) {
            throw new WeightFileException(file, "its checksum file " + digest.getFileName() + " cannot be read", REDO);
        }
        return requireDigest(file, expected, REDO);
    }

    /**
     * Checks a file against a digest recorded elsewhere (e.g. in a recipe).
     *
     * @param recovery what to do when it differs
     */
    public static String requireDigest(Path file, String expected, String recovery) {
        String actual = Checksums.sha256(file);
        if (!actual.equals(expected)) {
            throw new WeightFileException(file, "SHA-256 is " + actual + " but " + expected + " was recorded: the "
                    + "file was changed or damaged", recovery);
        }
        return actual;
    }
}
