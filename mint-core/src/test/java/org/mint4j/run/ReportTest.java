package org.mint4j.run;

import org.mint4j.util.RunFileException;
import org.mint4j.util.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.prune.Footprint;

/** Point 6 of issue 16: a report only of a finished run whose results files are whole. */
class ReportTest {

    private static SeedResults results(long seed) {
        List<PrunePoint> points = List.of(
                new PrunePoint(seed, "mint", 0.5, 0.49, 0.4, Map.of("fc2.weight", 0.49), 0.9, "validation", 0.975, 0.97,
                        0.96, 0.971, 1000, 2000, 1, 2, null),
                new PrunePoint(seed, "random", 0.5, 0.5, 0.41, Map.of("fc2.weight", 0.5), 0.8, "validation", 0.955, 0.95,
                        0.95, 0.952, 1000, 2000, 1, 2, null));
        return new SeedResults("tiny", seed, 0.98, new Footprint(100, 0, 800, 400), points,
                Map.of("mint", points.get(0)), 0.5, Map.of("train", 3.0));
    }

    private static Path finishedRun(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(RunDirectory.at(dir).recipe(), "name: tiny\n");
        Json.write(RunDirectory.at(dir).results(), results(seed));
        ResultTables.writeSeed(RunDirectory.at(dir).table(), results(seed));
        return dir;
    }

    private static String refusal(Path run) {
        RunFileException e = assertThrows(RunFileException.class, () -> Report.write(run));
        assertFalse(Files.exists(RunDirectory.at(run).report()), "no report of a run that is not whole");
        return e.getMessage();
    }

    @Test
    void aFinishedRunGivesAReport(@TempDir Path tmp) throws IOException {
        Path run = finishedRun(tmp.resolve("run"), 1);
        String html = Files.readString(Report.write(run));
        assertTrue(html.contains("<td>random</td>") && html.contains("<td>mint</td>"), html);
    }

    @Test
    void theReportLeadsWithTheTradeoffOverEverySeed(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        finishedRun(run.resolve("seed-1"), 1);
        finishedRun(run.resolve("seed-2"), 2);
        String html = Files.readString(Report.write(run));
        byte[] png = Files.readAllBytes(RunDirectory.at(run).tradeoffPlot());
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, html.split("alt=\"tradeoff.png\"", -1).length - 1, "embedded once");
        assertTrue(html.indexOf("alt=\"tradeoff.png\"") < html.indexOf("<td>mint</td>"), "before the tables");
        byte[] bars = Files.readAllBytes(RunDirectory.at(run).retrainingPlot());
        assertEquals("PNG", new String(bars, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, html.split("alt=\"retraining.png\"", -1).length - 1, "embedded once");
    }

    @Test
    void aDirectoryThatIsNotARunIsRefused(@TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(empty + " is not a run directory: it has no recipe.yaml and no seed-S directories",
                refusal(empty));
        Files.writeString(RunDirectory.at(empty).recipe(), "name: tiny\n");
        assertTrue(refusal(empty).startsWith(empty + " has no results.json: the run has not finished"));
        assertTrue(refusal(tmp.resolve("nowhere")).contains("no such directory"));
    }

    @Test
    void aTruncatedResultsTableIsRefusedWithTheWayOut(@TempDir Path tmp) throws IOException {
        Path run = finishedRun(tmp.resolve("run"), 1);
        Path table = RunDirectory.at(run).table();
        String whole = Files.readString(table);
        Files.writeString(table, whole.substring(0, whole.indexOf("| random")));
        String message = refusal(run);
        assertTrue(message.startsWith(table + " is damaged") && message.contains("rerun mint retrain --from " + run),
                message);
        Files.delete(table);
        assertTrue(refusal(run).startsWith(table + " is missing; rerun mint retrain --from " + run));
    }

    @Test
    void aTruncatedOrEmptiedResultsFileIsRefused(@TempDir Path tmp) throws IOException {
        Path run = finishedRun(tmp.resolve("run"), 1);
        Path json = RunDirectory.at(run).results();
        String whole = Files.readString(json);
        Files.writeString(json, whole.substring(0, whole.length() / 2));
        String message = refusal(run);
        assertTrue(message.startsWith(json + " is damaged (truncated or edited: unreadable from line ")
                && message.contains("rerun mint retrain --from " + run), message);
        Files.writeString(json, "{}\n");
        assertTrue(refusal(run).startsWith(json + " is damaged"));
        var withoutPoints = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(whole);
        withoutPoints.remove("points");
        Files.writeString(json, withoutPoints.toString());
        message = refusal(run);
        assertTrue(message.startsWith(json + " is damaged (a section is missing)"), message);
        Files.writeString(json, whole + "}");
        assertTrue(refusal(run).startsWith(json + " is damaged"));
    }

    @Test
    void aDamagedSummaryOverSeedsIsRefused(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        finishedRun(run.resolve("seed-1"), 1);
        finishedRun(run.resolve("seed-2"), 2);
        Json.write(run.resolve("summary.json"), List.of(results(1), results(2)));
        String summary = ResultTables.summaryTable(List.of(results(1), results(2)));
        Files.writeString(run.resolve("summary.md"), summary);
        assertTrue(Files.readString(Report.write(run)).contains("seed-2"));
        Files.delete(RunDirectory.at(run).report());
        Files.writeString(run.resolve("summary.md"), summary.substring(0, summary.length() - 20));
        String message = refusal(run);
        assertTrue(message.contains("summary.md is damaged") && message.contains("rerun the mint run command"),
                message);
    }
}
