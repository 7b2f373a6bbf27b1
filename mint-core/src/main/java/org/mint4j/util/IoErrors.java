package org.mint4j.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/** Plain words for a failed file operation, for messages a user reads: no Java exception names. */
public final class IoErrors {

    private IoErrors() {
    }

    /**
     * Why {@code e} happened, e.g. "permission denied", prefixed by the file it concerns unless
     * that is {@code subject} (the file the caller's message names already), a file in it, or a
     * file beside it (such as the temporary file of an atomic write).
     */
    public static String describe(IOException e, Path subject) {
        if (!(e instanceof FileSystemException fs)) {
            return e.getMessage() != null ? e.getMessage() : "input/output error";
        }
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "not found";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            reason = "already exists";
        } else if (e instanceof NotDirectoryException) {
            reason = "not a directory";
        } else if (e instanceof DirectoryNotEmptyException) {
            reason = "directory not empty";
        } else {
            // The operating system's words ("Not a directory"), in the case of the rest of the message.
            reason = fs.getReason() != null ? fs.getReason().substring(0, 1).toLowerCase(Locale.ROOT)
                    + fs.getReason().substring(1) : "file system error";
        }
        return fs.getFile() == null || near(Path.of(fs.getFile()), subject) ? reason : fs.getFile() + ": " + reason;
    }

    private static boolean near(Path file, Path subject) {
        if (subject == null) {
            return false;
        }
        Path a = file.toAbsolutePath().normalize();
        Path b = subject.toAbsolutePath().normalize();
        return a.equals(b) || b.equals(a.getParent()) || a.getParent() != null && a.getParent().equals(b.getParent());
    }
}
