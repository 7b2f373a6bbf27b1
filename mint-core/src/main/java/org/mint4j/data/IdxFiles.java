package org.mint4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.mint4j.util.Checksums;

/**
 * Reads IDX files (MNIST, Fashion-MNIST), gzip-compressed or raw, and checks the decompressed
 * bytes against their published MD5, which is the same whichever gzip made the file.
 */
final class IdxFiles {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxFiles() {
    }

    /** Reads {@code name} (or {@code name + ".gz"}) from the dataset folder. */
    static byte[] readVerified(DataDirectory dir, String dataset, String name, String expectedMd5) {
        Path gz = dir.root().resolve(dataset).resolve(name + ".gz");
        Path file = Files.isRegularFile(gz) ? gz : dir.require(dataset, name);
        byte[] raw = decompress(file);
        String md5 = Checksums.md5(raw);
        if (!md5.equals(expectedMd5)) {
            throw new DataFileException(file, "corrupt: the decompressed content has MD5 " + md5
                    + ", expected " + expectedMd5 + " (" + raw.length + " bytes read)");
        }
        return raw;
    }

    private static byte[] decompress(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (!file.toString().endsWith(".gz")) {
                return in.readAllBytes();
            }
            try (GZIPInputStream gz = new GZIPInputStream(in, 1 << 16)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
                gz.transferTo(out);
                return out.toByteArray();
            }
        } catch (IOException e) {
            throw new DataFileException(file, "truncated or not gzip data (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Checks the IDX header (magic, rank, dimensions) against what is expected and returns the
     * offset of the data.
     */
    static int checkHeader(Path file, byte[] raw, int... expectedDims) {
        ByteBuffer b = ByteBuffer.wrap(raw);
        if (raw.length < 4 + 4 * expectedDims.length) {
            throw new DataFileException(file, "truncated: " + raw.length + " bytes, shorter than the IDX header");
        }
        int magic = b.getInt();
        int expectedMagic = (UNSIGNED_BYTE << 8) | expectedDims.length;
        if (magic != expectedMagic) {
            throw new DataFileException(file, String.format("not an IDX file of rank %d: magic 0x%08x, expected 0x%08x",
                    expectedDims.length, magic, expectedMagic));
        }
        long count = 1;
        for (int d = 0; d < expectedDims.length; d++) {
            int dim = b.getInt();
            if (dim != expectedDims[d]) {
                throw new DataFileException(file, "dimension " + d + " is " + dim + ", expected " + expectedDims[d]);
            }
            count *= dim;
        }
        int offset = b.position();
        if (raw.length != offset + count) {
            throw new DataFileException(file, "has " + raw.length + " bytes, expected " + (offset + count));
        }
        return offset;
    }
}
