package org.mint4j.util;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mint4j.util.IoErrors;

/** PNG plots drawn with XChart, written atomically. */
public final class Charts {

    /** Wide enough for a title of a recipe name and "mean ± sd over N seeds". */
    private static final int WIDTH = 800;
    private static final int HEIGHT = 460;

    private Charts() {
    }

    /** Lines of y against x, one per series name. */
    public static void lines(Path file, String title, String xLabel, String yLabel, double[] x,
            Map<String, double[]> series) {
        XYChart chart = xyChart(title, xLabel, yLabel);
        series.forEach((name, y) -> chart.addSeries(name, x, y));
        write(file, chart);
    }

    /**
     * One line through its own points (x, y) with error bars of +- {@code errors} and, when
     * {@code eachX} is not null, the observations it summarises (eachX, eachY) as crosses of the
     * line's colour: with a few seeds, one that collapses stretches a standard deviation past 100%,
     * and the crosses show what the bar summarises.
     */
    public record Series(double[] x, double[] y, double[] errors, double[] eachX, double[] eachY) {
    }

    /** Lines through each series' points, one per series name, with their observations. */
    public static void lines(Path file, String title, String xLabel, String yLabel, Map<String, Series> series) {
        XYChart chart = xyChart(title, xLabel, yLabel);
        // colours and markers by line, not by XChart's series count, which the observations would shift
        Color[] colors = chart.getStyler().getSeriesColors();
        Marker[] markers = chart.getStyler().getSeriesMarkers();
        int k = 0;
        for (Map.Entry<String, Series> e : series.entrySet()) {
            Color color = colors[k % colors.length];
            XYSeries line = chart.addSeries(e.getKey(), e.getValue().x(), e.getValue().y(), e.getValue().errors());
            line.setLineColor(color);
            line.setMarker(markers[k++ % markers.length]).setMarkerColor(color);
            if (e.getValue().eachX() != null) {
                XYSeries observations = chart.addSeries(e.getKey() + " (each)", e.getValue().eachX(), e.getValue().eachY());
                observations.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                observations.setMarker(SeriesMarkers.CROSS).setMarkerColor(color);
                observations.setShowInLegend(false);
            }
        }
        write(file, chart);
    }

    private static XYChart xyChart(String title, String xLabel, String yLabel) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        // XChart prints a lone x value with every digit of the double (52.8182319972826)
        chart.getStyler().setXAxisDecimalPattern("#0.###");
        return chart;
    }

    /** One bar per category, with error bars of +- {@code errors} when they are not null. */
    public record Bars(double[] heights, double[] errors) {
    }

    /** Grouped bars: one bar per category and series. */
    public static void bars(Path file, String title, String xLabel, String yLabel, List<String> categories,
            Map<String, Bars> series) {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLabelRotation(45);
        series.forEach((name, b) -> chart.addSeries(name, categories, boxed(b.heights()),
                b.errors() == null ? null : boxed(b.errors())));
        write(file, chart);
    }

    private static List<Number> boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().map(Number.class::cast).toList();
    }

    private static void write(Path file, org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            org.mint4j.util.AtomicFiles.write(file, out -> out.write(png));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + file + ": " + IoErrors.describe(e, file), e);
        }
    }
}
