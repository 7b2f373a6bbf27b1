package org.mint4j.run;

import org.mint4j.util.Json;
import org.mint4j.prune.Gamma;
import org.mint4j.train.TrainingSchedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.SharedData;
import org.mint4j.exec.LocalExecutor;
import org.mint4j.recipe.Recipe;

class StudyTest {

    @Test
    void groupsSamplesAndGammaStudiesScoreEachSettingOnceAndResume(@TempDir Path tmp) throws Exception {
        Recipe recipe = PruningPipelineTest.tiny();
        Path baseline = tmp.resolve("baseline");
        TrainingJob.run(recipe, SharedData.directory(), RunDirectory.at(baseline), 2, false, List.of("test"),
                new PrintWriter(StringWriter.nullWriter()));
        Path dir = tmp.resolve("study");
        StringWriter log = new StringWriter();
        Study study = new Study(recipe, RunDirectory.at(baseline), RunDirectory.at(dir), SharedData.directory(),
                new LocalExecutor(2), 2, new PrintWriter(log, true));

        Map<String, List<Study.Outcome>> fig4 = study.groupsAndSamples(List.of(2, 20), 20, List.of(10, 20), 20);
        assertEquals(List.of(2, 20), fig4.get("groups").stream().map(Study.Outcome::groups).toList());
        assertEquals(List.of(10, 20), fig4.get("samples").stream().map(Study.Outcome::samplesPerClass).toList());
        // G applies to every pair, capped at the layer's width: fc3 has 10 outputs.
        ScoreStore.ScoreFile g20 = Json.read(dir.resolve("g20-m20/scores/mint.json"), ScoreStore.ScoreFile.class);
        assertEquals(List.of(20, 10), g20.pairs().stream().map(p -> p.pair().childGroups()).toList());
        assertEquals(List.of(20, 20), g20.pairs().stream().map(p -> p.pair().parentGroups()).toList());
        // Three distinct (G, m): (20, 20) appears in both halves but is scored once.
        assertEquals(3, count(log.toString(), "[score] mint: "), log.toString());
        for (String name : List.of("study-groups", "study-samples")) {
            assertTrue(Files.size(dir.resolve(name + ".png")) > 1000, name);
            assertTrue(Files.readString(dir.resolve(name + ".md")).contains("| 20 | 20 |"), name);
        }
        for (Study.Outcome o : fig4.get("groups")) {
            assertEquals(1, o.points().size());
            PrunePoint p = o.points().get(0);
            assertEquals(p.accuracy() >= recipe.mint().accuracyFloor(), o.best() != null);
        }

        List<Gamma> caps = List.of(Gamma.NONE, Gamma.parse("constant:0.2"));
        List<Study.Outcome> gamma = study.gamma(List.of(2, 20), 20, caps);
        assertEquals(4, gamma.size());
        assertTrue(Files.size(dir.resolve("study-gamma.png")) > 1000);
        // A cap of 20% under a 50% target zeroes less than no cap.
        double none = gamma.get(1).points().get(0).zeroedFractionPrunable();
        double capped = gamma.get(3).points().get(0).zeroedFractionPrunable();
        assertTrue(capped < none - 0.2, capped + " vs " + none);

        StringWriter again = new StringWriter();
        List<Study.Outcome> rerun = new Study(recipe, RunDirectory.at(baseline), RunDirectory.at(dir),
                SharedData.directory(), new LocalExecutor(2), 2, new PrintWriter(again, true)).gamma(List.of(2, 20), 20, caps);
        assertFalse(again.toString().contains("accuracy before retraining"), again.toString());
        assertEquals(PruningPipelineTest.withoutTime(gamma.get(3).points()),
                PruningPipelineTest.withoutTime(rerun.get(3).points()));
    }

    @Test
    void gammaSpecificationsParseOrExplain() {
        assertEquals(0.7, Gamma.parse("linear:0.5:0.01").cap("fc2", 20), 1e-12);
        assertEquals(0.58, Gamma.parse("quadratic:0.5:0:0.0002").cap("fc2", 20), 1e-12);
        assertEquals("constant:0.8", Gamma.parse("constant:0.8").label());
        assertEquals("quadratic:0.5:0:0.0002", Gamma.parse("quadratic:0.5:0.0:2.0E-4").label());
        assertEquals(Gamma.NONE, Gamma.parse("none"));
        var e = assertThrows(IllegalArgumentException.class, () -> Gamma.parse("linear:0.5"));
        assertTrue(e.getMessage().contains("linear takes 2 coefficient"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gamma.parse("cubic:1"));
        assertTrue(e.getMessage().contains("'cubic:1'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gamma.parse("constant:x"));
        assertTrue(e.getMessage().contains("'x' is not a number"), e.getMessage());
    }

    @Test
    void aScaledScheduleKeepsItsMilestonesAtTheSameFractions() {
        TrainingSchedule t = new TrainingSchedule(30, 256, 0.1, 0.9, true, 1e-4, List.of(10, 20), 0.1);
        assertEquals(List.of(3, 7), t.scaledTo(10).milestones());
        assertEquals(10, t.scaledTo(10).epochs());
        assertNotEquals(t.milestones(), t.scaledTo(10).milestones());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
