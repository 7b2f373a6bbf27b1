package org.mint4j.gmi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;

/** Locates the shared reference data and builds synthetic inputs for the tests. */
final class TestData {

    private TestData() {
    }

    /** $MINT_REFERENCE, else shared/reference/gmi-cases in the nearest ancestor that has it. */
    static Path referenceCases() {
        String env = System.getenv("MINT_REFERENCE");
        if (env != null) {
            return Paths.get(env);
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/reference/gmi-cases");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/reference/gmi-cases not found above "
                + Paths.get("").toAbsolutePath() + "; set MINT_REFERENCE");
    }

    static Matrix readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        double[][] rows = new double[lines.size()][];
        for (int r = 0; r < rows.length; r++) {
            String[] cells = lines.get(r).split(",");
            rows[r] = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                rows[r][c] = Double.parseDouble(cells[c].trim());
            }
        }
        return Matrix.of(rows);
    }

    static Matrix gaussian(Random rng, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextGaussian();
        }
        return new Matrix(rows, cols, d);
    }
}
