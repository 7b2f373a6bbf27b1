package org.mint4j.cli;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * line ends and blank lines are accepted) as matrices. Reading splits the file into byte ranges,
 * one per thread; each thread reads its range through a small buffer and parses the lines that
 * start in it with FastDoubleParser (which gives the same double as {@link Double#parseDouble}).
 * A whole {@code mint gmi} process is mostly reading its input, and holding a large file in one
 * array would cost more in fresh memory than the parsing itself.
 */
final class MatrixCsv {

    /** Ranges smaller than this are not worth a thread. */
    private static final int MIN_CHUNK_BYTES = 1 << 20;
    /** Each thread's read buffer; it grows for a longer line. */
    private static final int BUFFER_BYTES = 1 << 20;
    /** The largest Java array. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;
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
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int n = (int) Math.max(1, Math.min(threads, size / MIN_CHUNK_BYTES));
            List<Chunk> chunks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                chunks.add(new Chunk(file, channel, size * i / n, size * (i + 1) / n, size));
            }
            if (n == 1) {
                chunks.get(0).parse();
            } else {
                parseInParallel(file, chunks);
            }
            return assemble(file, chunks);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static void parseInParallel(Path file, List<Chunk> chunks) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(chunks.size());
        try {
            List<Future<Chunk>> futures = new ArrayList<>();
            for (Chunk c : chunks) {
                futures.add(pool.submit(c::parse));
            }
            for (Future<Chunk> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + file, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Joins the chunks' rows, checking every row has the first row's width; lines numbered from 1. */
    private static Matrix assemble(Path file, List<Chunk> chunks) {
        int cols = -1;
        long rows = 0;
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
        if (rows * cols > MAX_VALUES) {
            throw tooLarge(file);
        }
        double[] data = new double[(int) rows * cols];
        int at = 0;
        for (Chunk c : chunks) {
            System.arraycopy(c.values, 0, data, at, c.count);
            at += c.count;
        }
        return new Matrix((int) rows, cols, data);
    }

    private static IllegalArgumentException tooLarge(Path file) {
        return new IllegalArgumentException(file + ": more than " + MAX_VALUES + " values; expected at most that");
    }

    /**
     * The lines that start in the byte range [start, end) of the file (a line that starts before
     * the range belongs to the range before): their values in row order, each row's width and the
     * line (counted within the range) it is on. Parsing stops at the first cell that is not a number.
     */
    private static final class Chunk {
        private final Path file;
        private final FileChannel channel;
        private final long start;
        private final long end;
        private final long size;
        private byte[] bytes = new byte[BUFFER_BYTES];
        /** File position of bytes[0]. */
        private long bufferAt;
        private int filled;
        private double[] values = new double[1024];
        private int count;
        private final List<Integer> widths = new ArrayList<>();
        private final List<Integer> lineOfRow = new ArrayList<>();
        private int lines;
        /** ", column C: 'text' is not a number" for the cell parsing stopped at, on line {@link #lines}. */
        private String badCell;

        Chunk(Path file, FileChannel channel, long start, long end, long size) {
            this.file = file;
            this.channel = channel;
            this.start = start;
            this.end = end;
            this.size = size;
        }

        Chunk parse() throws IOException {
            int lineStart = firstLineStart();
            while (lineStart >= 0 && bufferAt + lineStart < end && badCell == null) {
                int lineEnd = lineStart;
                while (true) {
                    while (lineEnd < filled && bytes[lineEnd] != '\n') {
                        lineEnd++;
                    }
                    if (lineEnd < filled || bufferAt + filled == size) {
                        break;
                    }
                    lineEnd -= lineStart;
                    lineStart = refill(lineStart);
                    lineEnd += lineStart;
                }
                lines++;
                parseLine(lineStart, lineEnd);
                lineStart = lineEnd + 1;
            }
            return this;
        }

        /**
         * Index in the buffer of the range's first line, past a byte-order mark at the file's start;
         * -1 if no line starts in the range. A later range starts after the first line end at or
         * after its position - 1, so that a line starting exactly at the boundary is its own.
         */
        private int firstLineStart() throws IOException {
            if (start == 0) {
                bufferAt = 0;
                fill();
                return filled >= 3 && Arrays.equals(bytes, 0, 3, UTF8_BOM, 0, 3) ? 3 : 0;
            }
            bufferAt = start - 1;
            fill();
            while (true) {
                for (int i = 0; i < filled; i++) {
                    if (bytes[i] == '\n') {
                        return i + 1;
                    }
                }
                if (bufferAt + filled == size || bufferAt + filled >= end) {
                    return -1;
                }
                refill(filled);
            }
        }

        /** Moves bytes[from, filled) to the front (growing the buffer if it is all one line), reads on; 0. */
        private int refill(int from) throws IOException {
            int keep = filled - from;
            if (from == 0 && keep == bytes.length) {
                if (bytes.length == MAX_VALUES) {
                    throw new IllegalArgumentException(file + ": a line of more than " + MAX_VALUES
                            + " bytes; expected lines of a CSV file");
                }
                bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_VALUES, 2L * bytes.length));
            } else {
                System.arraycopy(bytes, from, bytes, 0, keep);
            }
            bufferAt += from;
            filled = keep;
            fill();
            return 0;
        }

        private void fill() throws IOException {
            ByteBuffer target = ByteBuffer.wrap(bytes, filled, bytes.length - filled);
            while (target.hasRemaining() && bufferAt + filled < size) {
                int read = channel.read(target, bufferAt + filled);
                if (read < 0) {
                    throw new IOException("the file became shorter while it was read");
                }
                filled += read;
            }
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
            if (widths.isEmpty()) {
                reserveLike(to - from, width);
            }
            widths.add(width);
            lineOfRow.add(lines);
        }

        /**
         * Room for the range's values if its rows are like its first one, with a margin, but at
         * most one value per 8 bytes of the range (a short first row must not reserve far more
         * than the file holds); beyond that the array grows.
         */
        private void reserveLike(int lineBytes, int width) {
            long expected = Math.min((end - start) / (lineBytes + 1) * width * 5 / 4, (end - start) / 8);
            if (expected > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(MAX_VALUES, expected));
            }
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
                if (values.length == MAX_VALUES) {
                    throw tooLarge(file);
                }
                values = Arrays.copyOf(values, (int) Math.min(MAX_VALUES, values.length * 3L / 2));
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
