package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.gmi.Matrix;

class MatrixCsvTest {

    /** Big enough (about 4 MB) to be split into several chunks, one per thread. */
    private static Matrix large() {
        return Matrix.gaussian(new Random(7), 20_000, 10);
    }

    @Test
    void writeThenReadGivesTheSameBitsOnOneOrSeveralThreads(@TempDir Path tmp) throws IOException {
        Matrix m = large();
        Path file = tmp.resolve("m.csv");
        MatrixCsv.write(file, m);
        for (int threads = 1; threads <= 7; threads++) {
            Matrix back = MatrixCsv.read(file, threads);
            assertEquals(m.rows(), back.rows());
            assertEquals(m.cols(), back.cols());
            assertArrayEquals(m.data(), back.data(), "threads " + threads);
        }
    }

    @Test
    void linesLongerThanTheReadBufferAreRead(@TempDir Path tmp) throws IOException {
        Matrix m = Matrix.gaussian(new Random(3), 3, 150_000);
        Path file = tmp.resolve("wide.csv");
        MatrixCsv.write(file, m);
        for (int threads : List.of(1, 2, 5)) {
            assertArrayEquals(m.data(), MatrixCsv.read(file, threads).data(), "threads " + threads);
        }
    }

    @Test
    void spacesCarriageReturnsBlankLinesAndAMissingFinalNewlineAreAccepted(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("m.csv");
        Files.writeString(file, "\n 1.5 , -2e-3\r\n\n  \n3,4.25E2");
        Matrix m = MatrixCsv.read(file, 2);
        assertEquals(2, m.rows());
        assertArrayEquals(new double[] {1.5, -2e-3, 3, 425}, m.data());
    }

    @Test
    void aByteOrderMarkAndQuotedValuesAreAccepted(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("m.csv");
        Files.write(file, ("\uFEFF\"1.5\",2\n3, \"-4\" \n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertArrayEquals(new double[] {1.5, 2, 3, -4}, MatrixCsv.read(file, 1).data());
    }

    @Test
    void aBadCellOrRowInALaterChunkIsNamedWithItsLineInTheFile(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("m.csv");
        MatrixCsv.write(file, large());
        List<String> lines = Files.readAllLines(file);
        lines.set(17_000, lines.get(17_000).replaceFirst(",[^,]*,", ",oops,"));
        Files.write(file, lines);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixCsv.read(file, 3));
        assertEquals(file + " line 17001, column 2: 'oops' is not a number", e.getMessage());

        lines = Files.readAllLines(file);
        lines.set(17_000, "1,2,3");
        lines.set(18_000, "");
        Files.write(file, lines);
        e = assertThrows(IllegalArgumentException.class, () -> MatrixCsv.read(file, 3));
        assertEquals(file + " line 17001: 3 values, but the first row has 10", e.getMessage());
    }

    @Test
    void emptyAndMissingFilesAreNamed(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("empty.csv");
        Files.writeString(file, "\n \n");
        assertEquals(file + ": no rows",
                assertThrows(IllegalArgumentException.class, () -> MatrixCsv.read(file, 2)).getMessage());
        Path missing = tmp.resolve("missing.csv");
        assertEquals(missing + ": no such file",
                assertThrows(IllegalArgumentException.class, () -> MatrixCsv.read(missing, 2)).getMessage());
    }
}
