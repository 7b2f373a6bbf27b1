package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.gmi.ConditionalGmi;
import org.mint4j.gmi.GmiResult;
import org.mint4j.gmi.Matrix;
import picocli.CommandLine;

class MintCliTest {

    record Run(int exit, String out, String err) {
    }

    static Run mint(String... args) {
        CommandLine cl = Mint.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path shared(String sub) {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared").resolve(sub))) {
                return p.resolve("shared").resolve(sub);
            }
        }
        throw new IllegalStateException("shared/" + sub + " not found");
    }

    @Test
    void aNamedCommandIsTheOnlyOneBuiltAndHelpListsThemAll() {
        assertEquals(List.of("gmi"), List.copyOf(Mint.commandLine("--debug", "gmi", "X.csv").getSubcommands().keySet()));
        Set<String> all = Mint.commandLine("--help").getSubcommands().keySet();
        assertTrue(all.containsAll(List.of("demo", "run", "gmi", "benchmark", "help")), all.toString());
        assertEquals(all, Mint.commandLine("help", "gmi").getSubcommands().keySet());
        assertEquals(all, Mint.commandLine("nosuch").getSubcommands().keySet());
        assertEquals(all, Mint.commandLine("--help", "gmi").getSubcommands().keySet());
        Run r = mint("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("benchmark") && r.out().contains("characterize"), r.out());
    }

    @Test
    void gmiPrintsTheReferenceEstimateAsJson() throws IOException {
        Path dir = shared("reference/gmi-cases/ci_given_z_n300");
        long start = System.nanoTime();
        Run r = mint("gmi", dir.resolve("X.csv").toString(), dir.resolve("Y.csv").toString(),
                dir.resolve("Z.csv").toString());
        double commandMillis = (System.nanoTime() - start) / 1e6;
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile()).get("corrected");
        assertEquals(expected.get("R").asInt(), json.get("R").asInt());
        assertEquals(expected.get("est_hp").asDouble(), json.get("estimate").asDouble(), 1e-12);
        assertEquals(expected.get("mst_total_weight").asDouble(), json.get("mst_weight").asDouble(), 1e-6);
        double millis = json.get("millis").asDouble();
        assertTrue(millis > 0 && millis < commandMillis, "the estimate took " + millis + " ms of the command's "
                + commandMillis + " ms");
        assertFalse(json.get("warmed").asBoolean(), "300 rows are fewer than the warm-up problem's");
        assertEquals(0.0, json.get("warmup_millis").asDouble());
    }

    @Test
    void gmiWarmsUpOnRequestBeforeAnInputLargerThanTheWarmUpProblem(@TempDir Path tmp) throws IOException {
        Random rng = new Random(5);
        Matrix[] xyz = {Matrix.gaussian(rng, ConditionalGmi.WARM_UP_ROWS + 200, 3),
                Matrix.gaussian(rng, ConditionalGmi.WARM_UP_ROWS + 200, 2),
                Matrix.gaussian(rng, ConditionalGmi.WARM_UP_ROWS + 200, 4)};
        String[] files = {"X.csv", "Y.csv", "Z.csv"};
        for (int i = 0; i < files.length; i++) {
            MatrixCsv.write(tmp.resolve(files[i]), xyz[i]);
        }
        GmiResult expected = ConditionalGmi.standard().estimate(xyz[0], xyz[1], xyz[2]);
        for (boolean warmUp : new boolean[] {true, false}) {
            Run r = warmUp ? mint("gmi", "--warm-up", tmp.resolve("X.csv").toString(), tmp.resolve("Y.csv").toString(),
                    tmp.resolve("Z.csv").toString())
                    : mint("gmi", tmp.resolve("X.csv").toString(), tmp.resolve("Y.csv").toString(),
                            tmp.resolve("Z.csv").toString());
            assertEquals(0, r.exit(), r.err());
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertEquals(warmUp, json.get("warmed").asBoolean(), r.out());
            assertEquals(warmUp, json.get("warmup_millis").asDouble() > 0, r.out());
            assertTrue(json.get("read_millis").asDouble() > 0, r.out());
            assertEquals(expected.r(), json.get("R").asInt(), "warming up leaves the estimate as it is");
            assertEquals(expected.estimate(), json.get("estimate").asDouble());
        }
    }

    @Test
    void gmiNamesTheFileLineAndColumnOfABadCell(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("x.csv"), "1,2\n3,4\n5,oops\n");
        Files.writeString(tmp.resolve("y.csv"), "1\n2\n3\n");
        Run r = mint("gmi", tmp.resolve("x.csv").toString(), tmp.resolve("y.csv").toString(),
                tmp.resolve("y.csv").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("x.csv line 3, column 2: 'oops' is not a number"), r.err());
        Files.writeString(tmp.resolve("x.csv"), "1,2\n3,4\n5,6\n");
        r = mint("gmi", tmp.resolve("x.csv").toString(), tmp.resolve("y.csv").toString(),
                tmp.resolve("y.csv").toString());
        assertTrue(r.err().contains("at least 6 rows, got 3"), r.err());
    }

    @Test
    void infoListsTheMlpsParameters() {
        Run r = mint("info", "--recipe", "mnist-mlp");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("fc1.weight") && r.out().contains("500x784"), r.out());
        assertTrue(r.out().contains(String.format("%,d", 784 * 500 + 500 + 500 * 300 + 300 + 300 * 10 + 10)), r.out());
    }

    @Test
    void aBadRecipeIsOneClearError(@TempDir Path tmp) throws IOException {
        Path recipe = tmp.resolve("bad.yaml");
        try (var in = MintCliTest.class.getClassLoader().getResourceAsStream("recipes/mnist-mlp.yaml")) {
            Files.writeString(recipe, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("batch_size: 256", "batch_size: 0"));
        }
        Run r = mint("train", "--recipe", recipe.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("error: recipe ") && r.err().contains("train.batch_size = 0"), r.err());
        assertTrue(r.err().lines().count() == 1, r.err());
    }

    @Test
    void trainThenEvalOnRealMnist(@TempDir Path tmp) {
        Path data = shared("data");
        Path run = tmp.resolve("run");
        Run t = mint("train", "--recipe", "mnist-mlp", "--epochs", "1", "--data", data.toString(), "--out",
                run.toString());
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.out().contains("epoch  1/1"), t.out());
        assertTrue(Files.exists(run.resolve("provenance.json")) && Files.exists(run.resolve("recipe.yaml"))
                && Files.exists(run.resolve("train-log.jsonl")), "run directory contents");
        // Tests run from a git checkout: the commit the build was made from, in full.
        String source = org.mint4j.util.Json.read(run.resolve("provenance.json"), org.mint4j.run.Provenance.class)
                .source();
        assertTrue(source.matches("git [0-9a-f]{40}( \\(modified\\))?"), source);
        Run e = mint("eval", "--run", run.toString(), "--data", data.toString());
        assertEquals(0, e.exit(), e.err());
        double accuracy = Double.parseDouble(e.out().replaceAll("(?s)test accuracy ([0-9.]+)%.*", "$1"));
        assertTrue(accuracy > 95, e.out());
        Run again = mint("train", "--recipe", "mnist-mlp", "--epochs", "1", "--data", data.toString(), "--out",
                run.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already holds a run"), again.err());
    }
}
