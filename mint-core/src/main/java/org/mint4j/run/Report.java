package org.mint4j.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.mint4j.util.AtomicFiles;

/**
 * One self-contained HTML page for a run directory (a seed's, or the root of several seeds):
 * recipe, provenance, result tables and every plot, images embedded as data URIs so the page can
 * be mailed or archived alone. When the page has loaded, {@code body} carries
 * {@code data-images} (how many) and {@code data-images-ok} (whether every one decoded).
 */
public final class Report {

    public static final String FILE = "report.html";
    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());

    private Report() {
    }

    public static Path write(Path run) {
        if (!Files.isDirectory(run)) {
            throw new IllegalArgumentException(run + " is not a run directory");
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mint4j report: ")
                .append(escape(run.toAbsolutePath().getFileName().toString())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;")
                .append("text-align:right}pre{background:#f4f4f4;padding:1em;overflow:auto}img{max-width:100%}")
                .append("</style></head>\n<body>\n<h1>mint4j run ").append(escape(run.toAbsolutePath().toString()))
                .append("</h1>\n");
        markdown(html, RunDirectory.at(run).summaryTable());
        List<Path> seeds = seedDirectories(run);
        for (Path dir : seeds) {
            if (seeds.size() > 1 || !dir.equals(run)) {
                html.append("<h2>").append(escape(run.relativize(dir).toString())).append("</h2>\n");
            }
            markdown(html, RunDirectory.at(dir).table());
            for (Path png : pngs(dir)) {
                html.append("<figure><img alt=\"").append(escape(dir.relativize(png).toString()))
                        .append("\" src=\"data:image/png;base64,").append(base64(png)).append("\"><figcaption>")
                        .append(escape(dir.relativize(png).toString())).append("</figcaption></figure>\n");
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

    private static List<Path> seedDirectories(Path run) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(run)) {
            s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("seed-")).sorted()
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            out.add(run);
        }
        return out;
    }

    private static List<Path> pngs(Path dir) {
        try (Stream<Path> s = Files.walk(dir, 3)) {
            return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void markdown(StringBuilder html, Path file) {
        if (Files.exists(file)) {
            Parser parser = Parser.builder().extensions(EXTENSIONS).build();
            html.append(HtmlRenderer.builder().extensions(EXTENSIONS).build().render(parser.parse(read(file))));
        }
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
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
