package org.mint4j.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Plain words for a failed file operation, for messages a user reads: no Java exception names. */
public final class IoErrors {

    private IoErrors() {
    }

    /**
     * Why {@code e} happened, e.g. "permission denied", prefixed by the file it concerns when that
     * is not {@code subject} (the file the caller's message names already).
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
            reason = fs.getReason() != null ? fs.getReason() : "file system error";
        }
        boolean namesSubject = fs.getFile() == null || subject != null && fs.getFile().equals(subject.toString());
        return namesSubject ? reason : fs.getFile() + ": " + reason;
    }
}
