package org.mint4j.run;

import org.mint4j.util.RunFileException;
import org.mint4j.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.mint4j.util.AtomicFiles;
import org.mint4j.util.IoErrors;

/**
 * One self-contained HTML page for a run directory (a seed's, or the root of several seeds):
 * recipe, provenance, result tables and every plot, first the trade-off of accuracy after
 * retraining against the fraction zeroed over all seeds ({@code tradeoff.png}, drawn here), then
 * the accuracy before and after retraining ({@code retraining.png}), images embedded as data URIs so the page can
 * be mailed or archived alone. When the page has loaded, {@code body} carries
 * {@code data-images} (how many) and {@code data-images-ok} (whether every one decoded).
 */
public final class Report {

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());

    private Report() {
    }

    /** @throws RunFileException if {@code run} is not a finished run, or a results file is damaged */
    public static void check(Path run) {
        Tables.of(run);
    }

    /**
     * Writes {@code run/report.html}, the trade-off plot on its plan kind's usual axis.
     *
     * @throws RunFileException if {@code run} is not a finished run, or a results file is damaged
     */
    public static Path write(Path run) {
        return write(run, null);
    }

    /**
     * Writes {@code run/report.html}, the trade-off plot on {@code axis} (null: its plan kind's usual one).
     *
     * @throws RunFileException if {@code run} is not a finished run, or a results file is damaged
     * @throws IllegalArgumentException if a point does not have the axis's figure
     */
    public static Path write(Path run, TradeoffAxis axis) {
        Tables tables = Tables.of(run);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mint4j report: ")
                .append(escape(run.toAbsolutePath().getFileName().toString())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;")
                .append("text-align:right}pre{background:#f4f4f4;padding:1em;overflow:auto}img{max-width:100%}")
                .append("</style></head>\n<body>\n<h1>mint4j run ").append(escape(run.toAbsolutePath().toString()))
                .append("</h1>\n");
        if (tables.summary() != null) {
            markdown(html, tables.summary());
        }
        Path tradeoff = RunDirectory.at(run).tradeoffPlot();
        Path retraining = RunDirectory.at(run).retrainingPlot();
        ResultTables.drawTradeoff(tradeoff, tables.results(),
                axis != null ? axis : TradeoffAxis.defaultFor(tables.results()));
        ResultTables.drawRetraining(retraining, tables.results());
        figure(html, run, tradeoff);
        figure(html, run, retraining);
        for (Map.Entry<Path, String> seed : tables.seeds().entrySet()) {
            Path dir = seed.getKey();
            if (tables.seeds().size() > 1 || !dir.equals(run)) {
                html.append("<h2>").append(escape(run.relativize(dir).toString())).append("</h2>\n");
            }
            markdown(html, seed.getValue());
            for (Path png : pngs(dir)) {
                if (!png.equals(tradeoff) && !png.equals(retraining)) {
                    figure(html, dir, png);
                }
            }
            text(html, "Recipe", RunDirectory.at(dir).recipe());
            text(html, "Provenance", RunDirectory.at(dir).provenance());
        }
        html.append("<script>window.addEventListener('load',function(){var i=document.images,ok=true;")
                .append("for(var k=0;k<i.length;k++){ok=ok&&i[k].complete&&i[k].naturalWidth>0;}")
                .append("document.body.setAttribute('data-images',i.length);")
                .append("document.body.setAttribute('data-images-ok',ok);});</script>\n</body></html>\n");
        Path out = RunDirectory.at(run).report();
        AtomicFiles.writeString(out, html.toString());
        return out;
    }

    /**
     * The result tables of a run: each seed's (in {@code seed-S/}, or the run itself) and the
     * summary over seeds, if there is one. The markdown files are what their JSON files give,
     * so a truncated or edited one is refused, as is JSON that does not parse into results.
     */
    record Tables(String summary, Map<Path, String> seeds, List<SeedResults> results) {

        /** @throws RunFileException naming the first missing or damaged file */
        static Tables of(Path run) {
            if (!Files.isDirectory(run)) {
                throw new RunFileException(run, "is not a run directory: no such directory");
            }
            RunDirectory root = RunDirectory.at(run);
            List<RunDirectory> seedDirs = root.seeds();
            if (seedDirs.isEmpty()) {
                if (!Files.exists(root.recipe())) {
                    throw new RunFileException(run, "is not a run directory: it has no " + root.recipe().getFileName()
                            + " and no seed-S directories");
                }
                seedDirs = List.of(root);
            }
            Map<Path, String> seeds = new LinkedHashMap<>();
            List<SeedResults> all = new ArrayList<>();
            for (RunDirectory dir : seedDirs) {
                String recovery = "rerun mint retrain --from " + dir.root() + ", which rewrites "
                        + dir.results().getFileName() + " and " + dir.table().getFileName() + " from the retrained points";
                if (!Files.exists(dir.results())) {
                    throw new RunFileException(dir.root(), "has no " + dir.results().getFileName() + ": the run has "
                            + "not finished; finish it by rerunning its mint run command, or with mint retrain --from "
                            + dir.root());
                }
                SeedResults results = results(dir.results(), SeedResults.class, recovery);
                all.add(results);
                seeds.put(dir.root(), checked(dir.table(), ResultTables.seedTable(results), recovery));
            }
            Path summaryJson = root.summary();
            Path summaryTable = root.summaryTable();
            String summary = null;
            if (Files.exists(summaryJson) || Files.exists(summaryTable)) {
                String recovery = "rerun the mint run command that made " + run + " (finished seeds are reused), "
                        + "which rewrites " + summaryJson.getFileName() + " and " + summaryTable.getFileName();
                summary = checked(summaryTable, ResultTables.summaryTable(List.of(results(summaryJson,
                        SeedResults[].class, recovery))), recovery);
            }
            return new Tables(summary, seeds, all);
        }

        /** Results that parse completely, without trailing content or missing sections. */
        private static <T> T results(Path file, Class<T> type, String recovery) {
            if (!Files.exists(file)) {
                throw new RunFileException(file, "is missing; " + recovery);
            }
            T value = Json.read(file, type, recovery);
            Object[] all = value instanceof Object[] array ? array : new Object[] {value};
            for (Object o : all) {
                SeedResults r = (SeedResults) o;
                if (r == null || r.recipe() == null || r.baseline() == null || r.points() == null
                        || r.points().isEmpty() || r.bestMeetingFloor() == null) {
                    throw new RunFileException(file, "is damaged (a section is missing); " + recovery);
                }
            }
            return value;
        }

        /** The content of {@code table}, which must be {@code expected}. */
        private static String checked(Path table, String expected, String recovery) {
            if (!Files.exists(table)) {
                throw new RunFileException(table, "is missing; " + recovery);
            }
            String text = read(table);
            if (!text.equals(expected)) {
                throw new RunFileException(table, "is damaged: it differs from what its JSON file gives; " + recovery);
            }
            return text;
        }
    }

    private static List<Path> pngs(Path dir) {
        try (Stream<Path> s = Files.walk(dir, 3)) {
            return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + IoErrors.describe(e, dir), e);
        }
    }

    private static void figure(StringBuilder html, Path dir, Path png) {
        html.append("<figure><img alt=\"").append(escape(dir.relativize(png).toString()))
                .append("\" src=\"data:image/png;base64,").append(base64(png)).append("\"><figcaption>")
                .append(escape(dir.relativize(png).toString())).append("</figcaption></figure>\n");
    }

    private static void markdown(StringBuilder html, String markdown) {
        Parser parser = Parser.builder().extensions(EXTENSIONS).build();
        html.append(HtmlRenderer.builder().extensions(EXTENSIONS).build().render(parser.parse(markdown)));
    }

    private static void text(StringBuilder html, String title, Path file) {
        if (Files.exists(file)) {
            html.append("<details><summary>").append(title).append("</summary><pre>").append(escape(read(file)))
                    .append("</pre></details>\n");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoErrors.describe(e, file), e);
        }
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoErrors.describe(e, file), e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
