package org.mint4j.cli;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mint4j.gmi.Matrix;

/** Reads and writes numeric CSV files (no header, one row per sample) as matrices. */
final class MatrixCsv {

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES).enable(CsvParser.Feature.SKIP_EMPTY_LINES);

    private MatrixCsv() {
    }

    /**
     * @throws IllegalArgumentException naming the file, line and column of a bad cell or a row of
     *     the wrong length
     */
    static Matrix read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        List<double[]> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(file.toFile())) {
            while (it.hasNext()) {
                int line = it.getCurrentLocation().getLineNr();
                String[] cells = it.next();
                if (!rows.isEmpty() && cells.length != rows.get(0).length) {
                    throw new IllegalArgumentException(file + " line " + line + ": " + cells.length
                            + " values, but the first row has " + rows.get(0).length);
                }
                double[] row = new double[cells.length];
                for (int c = 0; c < cells.length; c++) {
                    try {
                        row[c] = Double.parseDouble(cells[c]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + " line " + line + ", column " + (c + 1) + ": '"
                                + cells[c] + "' is not a number");
                    }
                }
                rows.add(row);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException(file + ": cannot be read as CSV (" + e.getMessage() + ")", e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no rows");
        }
        return Matrix.of(rows.toArray(new double[0][]));
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
