package org.mint4j.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests of files and byte arrays. */
public final class Checksums {

    private Checksums() {
    }

    public static String sha256(Path file) {
        return digest("SHA-256", file);
    }

    public static String md5(byte[] data) {
        return HexFormat.of().formatHex(digester("MD5").digest(data));
    }

    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digester("SHA-256").digest(data));
    }

    private static String digest(String algorithm, Path file) {
        MessageDigest md = digester(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r = in.read(buf); r > 0; r = in.read(buf)) {
                md.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoErrors.describe(e, file), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digester(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
