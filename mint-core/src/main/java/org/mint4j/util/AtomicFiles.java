package org.mint4j.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files so that a reader (or a run resumed after a crash) sees either the old content or
 * the new one, never half of it: write to a temporary file beside the target, flush to disk, then
 * rename over the target. Temporary files are named {@code .<target><digits>.tmp} and made with
 * the process's umask, like any file it creates.
 */
public final class AtomicFiles {

    private static final Pattern TEMPORARY = Pattern.compile("\\..+[0-9]+\\.tmp");

    private AtomicFiles() {
    }

    /** Something that writes to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, Writer writer) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = createTemporary(target, false);
            try {
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                    writer.write(out);
                    out.flush();
                    channel.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + IoErrors.describe(e, target), e);
        }
    }

    /**
     * A new empty directory beside {@code target}, for content moved into place as a whole; it is
     * named as a temporary file, so that {@link #removeLeftovers} finds it after a crash.
     */
    public static Path createTemporaryDirectory(Path target) throws IOException {
        return createTemporary(target, true);
    }

    /**
     * Deletes the temporary files and directories that interrupted writes left under {@code dir}.
     * Only for a directory no live process writes into (one whose {@link RunLock} is held).
     */
    public static void removeLeftovers(Path dir) {
        try {
            List<Path> leftovers;
            try (Stream<Path> all = Files.walk(dir)) {
                leftovers = all.filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches()).toList();
            }
            for (Path leftover : leftovers) {
                if (Files.exists(leftover, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> tree = Files.walk(leftover)) {
                        for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove temporary files under " + dir + ": "
                    + IoErrors.describe(e, dir), e);
        }
    }

    /**
     * Files.createTempFile would make the file readable by its owner only (0600); created plainly,
     * it gets the permissions the umask gives.
     */
    private static Path createTemporary(Path target, boolean directory) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        while (true) {
            Path tmp = dir.resolve("." + target.getFileName()
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return directory ? Files.createDirectory(tmp) : Files.createFile(tmp);
            } catch (FileAlreadyExistsException taken) {
                // Another writer drew the same name: draw again.
            }
        }
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
