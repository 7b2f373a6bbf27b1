package org.mint4j.gmi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The estimator against the independent reference values in shared/reference/gmi-cases. */
class ReferenceCasesTest {

    static Stream<Path> cases() throws IOException {
        Path root = TestData.referenceCases();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(dirs.size() >= 4, "expected the 4 reference cases in " + root);
        return dirs.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesCorrectedReference(Path dir) throws IOException {
        JsonNode corrected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile()).get("corrected");
        Matrix x = TestData.readCsv(dir.resolve("X.csv"));
        Matrix y = TestData.readCsv(dir.resolve("Y.csv"));
        Matrix z = TestData.readCsv(dir.resolve("Z.csv"));

        ConditionalGmi.Trace trace = ConditionalGmi.standard().trace(x, y, z);

        int[] expectedDonors = new ObjectMapper().convertValue(corrected.get("sen_nn_index_into_half_B"), int[].class);
        assertArrayEquals(expectedDonors, trace.donors(), "bootstrap donors");
        GmiResult r = trace.result();
        assertEquals(corrected.get("R").asInt(), r.r(), "R");
        assertEquals(corrected.get("m").asInt(), r.m(), "m");
        assertEquals(corrected.get("k").asInt(), r.k(), "k");
        assertEquals(corrected.get("est_hp").asDouble(), r.estimate(), 1e-12, "estimate");
        double weight = corrected.get("mst_total_weight").asDouble();
        assertEquals(weight, r.mstWeight(), 1e-9 * weight, "MST weight");
    }
}
