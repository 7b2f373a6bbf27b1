package org.mint4j.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One writer at a time in a run directory: {@code DIR/.lock}, created atomically, names the
 * process that holds it (PID, host, since when, command). It is released on {@link #close}, on
 * a normal JVM exit and by {@link #releaseAll}; a lock left by a killed process on this host is
 * taken over with a note.
 * Run directories nest (a run's {@code seed-S/}, a study's settings), so a lock is also refused
 * while a live process holds one above or below it.
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE = ".lock";

    private static final Set<RunLock> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Holder self;
    /** The run directory when the lock created it, else null: removed again if left empty. */
    private final Path made;
    private final Thread releaseOnExit;

    private RunLock(Path file, Holder self, Path made) {
        this.file = file;
        this.self = self;
        this.made = made;
        this.releaseOnExit = new Thread(this::release, "release " + file);
        Runtime.getRuntime().addShutdownHook(releaseOnExit);
        HELD.add(this);
    }

    /** Releases every lock this process holds: for a process about to end without its exit hooks. */
    public static void releaseAll() {
        for (RunLock lock : HELD) {
            try {
                lock.release();
            } catch (UncheckedIOException e) {
                // Left behind, it is taken over with a note by the next writer.
            }
        }
    }

    /** Another live process holds the lock; the message names it and what to do. */
    public static final class HeldException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        HeldException(Path dir, Path lockFile, Holder holder) {
            super(dir + " is in use by " + holder.describe() + ". Wait for it to finish or write elsewhere (another "
                    + "--out); if that process is gone, delete " + lockFile + ".");
        }
    }

    /**
     * Takes the lock of {@code dir} (created if missing) for the command line {@code command};
     * stale locks taken over are reported to {@code note}. Temporary files left in the directory
     * by interrupted writes are removed: holding the lock, no live writer owns them.
     *
     * @throws HeldException if a live process holds this directory's lock, or one above or below it
     */
    public static RunLock acquire(Path dir, String command, Consumer<String> note) {
        Path file = dir.resolve(FILE);
        Holder self = new Holder(ProcessHandle.current().pid(), host(), Instant.now(), command);
        Path made = Files.exists(dir) ? null : dir;
        try {
            Files.createDirectories(dir);
            while (!create(file, self)) {
                Holder holder = Holder.read(file);
                if (holder != null && holder.alive()) {
                    throw new HeldException(dir, file, holder);
                }
                if (holder != null) {
                    takeOver(file, holder, note);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + IoErrors.describe(e, dir), e);
        }
        RunLock lock = new RunLock(file, self, made);
        try {
            lock.refuseNestedWriters(dir, note);
            AtomicFiles.removeLeftovers(dir);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        return lock;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(releaseOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to run release() itself.
        }
        HELD.remove(this);
        release();
    }

    /** Removes the lock file, and the directories it was made in when nothing else was written there. */
    private void release() {
        try {
            if (self.equals(Holder.read(file))) {
                Files.deleteIfExists(file);
                removeIfEmpty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the lock " + file + ": " + IoErrors.describe(e, file), e);
        }
    }

    /**
     * A command that failed before writing anything (a recipe refused, a model not imported) leaves
     * no run directory. Only the run directory itself: a parent made with it may be another run's
     * by now. Best effort: whatever stops the removal leaves an empty directory, no error.
     */
    private void removeIfEmpty() {
        if (made == null) {
            return;
        }
        try (var entries = Files.list(made)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(made);
            }
        } catch (IOException e) {
            // Another writer got there first, or the directory is gone already.
        }
    }

    private void refuseNestedWriters(Path dir, Consumer<String> note) {
        for (Path above = dir.toAbsolutePath().normalize().getParent(); above != null; above = above.getParent()) {
            Holder holder = Holder.read(above.resolve(FILE));
            if (holder != null && holder.alive()) {
                throw new HeldException(above, above.resolve(FILE), holder);
            }
        }
        try (Stream<Path> below = Files.walk(dir)) {
            for (Path other : below.filter(p -> p.getFileName().toString().equals(FILE) && !p.equals(file)).toList()) {
                Holder holder = Holder.read(other);
                if (holder != null && holder.alive()) {
                    throw new HeldException(other.getParent(), other, holder);
                }
                if (holder != null) {
                    takeOver(other, holder, note);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + IoErrors.describe(e, dir), e);
        }
    }

    /** Whether the lock file was created for {@code self}; false if one exists already. */
    private static boolean create(Path file, Holder self) throws IOException {
        try {
            Files.write(file, self.text().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /**
     * Removes the lock of a dead process. Two processes may find the same stale lock; each moves
     * the file aside first and deletes it only if it is still the stale one, so neither deletes a
     * lock the other has just created.
     */
    private static void takeOver(Path file, Holder stale, Consumer<String> note) throws IOException {
        Path aside = file.resolveSibling(FILE + "." + ProcessHandle.current().pid() + ".stale");
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException goneAlready) {
            return;
        }
        if (stale.equals(Holder.read(aside))) {
            Files.delete(aside);
            note.accept("took over the lock " + file + " of " + stale.describe() + ", which is no longer running");
        } else {
            Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Who holds a lock; {@code pid} is -1 when the file is damaged or still being written. */
    record Holder(long pid, String host, Instant since, String command) {

        private static final List<String> KEYS = List.of("pid", "host", "since", "command");

        /** The holder named in {@code file}, or null if there is no such file. */
        static Holder read(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the lock " + file + ": " + IoErrors.describe(e, file), e);
            }
            Map<String, String> fields = new HashMap<>();
            for (String line : lines) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
            try {
                return new Holder(Long.parseLong(fields.get("pid")), fields.get("host"),
                        Instant.parse(fields.get("since")), fields.get("command"));
            } catch (NullPointerException | NumberFormatException | DateTimeParseException damaged) {
                return new Holder(-1, null, null, null);
            }
        }

        String text() {
            List<Object> values = List.of(pid, host, since, command);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < KEYS.size(); i++) {
                sb.append(KEYS.get(i)).append(": ").append(values.get(i)).append('\n');
            }
            return sb.toString();
        }

        /**
         * Alive unless it ran on this host and its PID is gone or now belongs to a process started
         * after the lock was taken. Another host's process cannot be checked, so counts as alive,
         * and so does a damaged lock (its writer may still be writing it).
         */
        boolean alive() {
            if (pid < 0 || !host.equals(host())) {
                return true;
            }
            // Linux derives start times from the boot time in whole seconds: allow for that.
            Instant reused = since.plusSeconds(2);
            return ProcessHandle.of(pid).map(p -> p.info().startInstant().map(start -> !start.isAfter(reused))
                    .orElse(true)).orElse(false);
        }

        String describe() {
            if (pid < 0) {
                return "another process (its lock file is being written or is damaged)";
            }
            return "process " + pid + " on " + host + " since " + since + " (" + command + ")";
        }
    }
}
