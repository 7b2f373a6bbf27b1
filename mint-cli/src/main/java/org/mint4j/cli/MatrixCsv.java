package org.mint4j.cli;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mint4j.gmi.Matrix;

/**
 * Reads and writes numeric CSV files (no header, one row per sample, values separated by commas,
 * in UTF-8 or ASCII; spaces and one pair of double quotes around a value, a byte-order mark, CR LF
 * line ends and blank lines are accepted) as matrices. Reading parses the bytes in place, in
 * line-aligned chunks on several threads, with FastDoubleParser (which gives the same double as
 * {@link Double#parseDouble}): a whole {@code mint gmi} process is mostly reading its input.
 */
final class MatrixCsv {

    /** Chunks smaller than this are not worth a thread. */
    private static final int MIN_CHUNK_BYTES = 1 << 20;
    /** The file is read whole into one array. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private MatrixCsv() {
    }

    /**
     * @param threads threads to parse with (at least 1)
     * @throws IllegalArgumentException naming the file, line and column of a bad cell or a row of
     *     the wrong length
     */
    static Matrix read(Path file, int threads) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(file + ": " + size + " bytes; expected at most " + MAX_FILE_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        int start = Arrays.equals(bytes, 0, Math.min(3, bytes.length), UTF8_BOM, 0, 3) ? 3 : 0;
        List<int[]> chunks = lineAlignedChunks(bytes, start,
                Math.max(1, Math.min(threads, bytes.length / MIN_CHUNK_BYTES)));
        List<Chunk> parsed = new ArrayList<>();
        if (chunks.size() == 1) {
            parsed.add(new Chunk(bytes, chunks.get(0)[0], chunks.get(0)[1]).parse());
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(chunks.size());
            try {
                List<Future<Chunk>> futures = new ArrayList<>();
                for (int[] c : chunks) {
                    futures.add(pool.submit(() -> new Chunk(bytes, c[0], c[1]).parse()));
                }
                for (Future<Chunk> f : futures) {
                    parsed.add(f.get());
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted reading " + file, e);
            } finally {
                pool.shutdownNow();
            }
        }
        return assemble(file, parsed);
    }

    /** Joins the chunks' rows, checking every row has the first row's width; lines numbered from 1. */
    private static Matrix assemble(Path file, List<Chunk> chunks) {
        int cols = -1;
        int rows = 0;
        int linesBefore = 0;
        for (Chunk c : chunks) {
            for (int r = 0; r < c.widths.size(); r++) {
                int width = c.widths.get(r);
                if (cols < 0) {
                    cols = width;
                } else if (width != cols) {
                    throw new IllegalArgumentException(file + " line " + (linesBefore + c.lineOfRow.get(r)) + ": "
                            + width + " values, but the first row has " + cols);
                }
            }
            if (c.badCell != null) {
                throw new IllegalArgumentException(file + " line " + (linesBefore + c.lines) + c.badCell);
            }
            rows += c.widths.size();
            linesBefore += c.lines;
        }
        if (rows == 0) {
            throw new IllegalArgumentException(file + ": no rows");
        }
        double[] data = new double[Math.multiplyExact(rows, cols)];
        int at = 0;
        for (Chunk c : chunks) {
            System.arraycopy(c.values, 0, data, at, c.count);
            at += c.count;
        }
        return new Matrix(rows, cols, data);
    }

    /** [start, end) byte ranges from {@code from} on that each begin at a line's start. */
    private static List<int[]> lineAlignedChunks(byte[] bytes, int from, int n) {
        List<int[]> chunks = new ArrayList<>();
        int start = from;
        for (int i = 1; i <= n && start < bytes.length; i++) {
            int end = Math.max(start + 1, i == n ? bytes.length : (int) ((long) bytes.length * i / n));
            while (end < bytes.length && bytes[end - 1] != '\n') {
                end++;
            }
            chunks.add(new int[] {start, end});
            start = end;
        }
        if (chunks.isEmpty()) {
            chunks.add(new int[] {from, from});
        }
        return chunks;
    }

    /**
     * One range's values in row order, each row's width and the line (within the range) it is on;
     * parsing stops at the first cell that is not a number.
     */
    private static final class Chunk {
        private final byte[] bytes;
        private final int start;
        private final int end;
        private double[] values = new double[1024];
        private int count;
        private final List<Integer> widths = new ArrayList<>();
        private final List<Integer> lineOfRow = new ArrayList<>();
        private int lines;
        /** ", column C: 'text' is not a number" for the cell parsing stopped at, on line {@link #lines}. */
        private String badCell;

        Chunk(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.start = start;
            this.end = end;
        }

        Chunk parse() {
            int lineStart = start;
            while (lineStart < end && badCell == null) {
                int lineEnd = lineStart;
                while (lineEnd < end && bytes[lineEnd] != '\n') {
                    lineEnd++;
                }
                lines++;
                parseLine(lineStart, lineEnd);
                lineStart = lineEnd + 1;
            }
            return this;
        }

        private void parseLine(int from, int to) {
            if (isBlank(from, to)) {
                return;
            }
            int width = 0;
            int cellStart = from;
            for (int i = from; i <= to; i++) {
                if (i == to || bytes[i] == ',') {
                    width++;
                    if (!addCell(cellStart, i, width)) {
                        return;
                    }
                    cellStart = i + 1;
                }
            }
            widths.add(width);
            lineOfRow.add(lines);
        }

        private boolean addCell(int from, int to, int column) {
            while (from < to && isSpace(bytes[from])) {
                from++;
            }
            while (to > from && isSpace(bytes[to - 1])) {
                to--;
            }
            if (to - from >= 2 && bytes[from] == '"' && bytes[to - 1] == '"') {
                from++;
                to--;
            }
            double v;
            try {
                v = JavaDoubleParser.parseDouble(bytes, from, to - from);
            } catch (NumberFormatException e) {
                badCell = ", column " + column + ": '" + new String(bytes, from, to - from, StandardCharsets.UTF_8)
                        + "' is not a number";
                return false;
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[count++] = v;
            return true;
        }

        private boolean isBlank(int from, int to) {
            for (int i = from; i < to; i++) {
                if (!isSpace(bytes[i])) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isSpace(byte b) {
            return b == ' ' || b == '\t' || b == '\r';
        }
    }

    /** Writes every value in full precision, so that {@link #read} gives back the same matrix. */
    static void write(Path file, Matrix m) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int r = 0; r < m.rows(); r++) {
                for (int c = 0; c < m.cols(); c++) {
                    if (c > 0) {
                        out.write(',');
                    }
                    out.write(Double.toString(m.get(r, c)));
                }
                out.newLine();
            }
        }
    }
}
