package org.sgdvi.experiments.trajectory;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sgdvi.core.trajectory.AutoCorrelationSummary;
import org.sgdvi.core.trajectory.SpectrumSummary;
import org.sgdvi.core.trajectory.TrajectoryAnalysis;

/**
 * XChart plots of the paper's Fig. 3 panels, each with the Brownian baseline: (a) mean +- std
 * over weights of the increment FFT amplitude on a log frequency axis, (b) mean +- std of the
 * auto-correlation with the 95% and 99% white-noise bands (and the same for the increments),
 * (c) the gradient norm and its EWMA. Bands of +- 1 std are drawn as shaded polygons. Long
 * series are thinned for drawing only (log-spaced frequencies, evenly spaced snapshots).
 */
public final class TrajectoryCharts {

    /** Most points drawn per line. */
    static final int MAX_POINTS = 2000;

    private static final Color OWN = new Color(31, 119, 180);
    private static final Color BASE = new Color(110, 110, 110);
    private static final Color BAND95 = new Color(255, 127, 14);
    private static final Color BAND99 = new Color(214, 39, 40);

    private TrajectoryCharts() {
    }

    /** Fig. 3a: FFT amplitude of the increments versus frequency (log axis, 0 omitted). */
    public static XYChart spectrum(TrajectoryAnalysis analysis) {
        XYChart chart = chart("FFT of the weight increments", "frequency (1/snapshot)", "|rfft(dx)|");
        chart.getStyler().setXAxisLogarithmic(true);
        SpectrumSummary own = analysis.trajectory().spectrum();
        SpectrumSummary base = analysis.baseline().spectrum();
        int[] idx = logSpaced(own.frequencies().length, MAX_POINTS);
        addMeanStd(chart, "trajectory", pick(own.frequencies(), idx), pick(own.meanAmplitude(), idx),
                pick(own.stdAmplitude(), idx), OWN);
        addMeanStd(chart, "Brownian baseline", pick(base.frequencies(), idx), pick(base.meanAmplitude(), idx),
                pick(base.stdAmplitude(), idx), BASE);
        return chart;
    }

    /** Fig. 3b: auto-correlation of the weights versus lag, with 95%/99% bands. */
    public static XYChart autocorrelation(TrajectoryAnalysis analysis) {
        return autocorrelationChart("Auto-correlation of the weights", analysis.trajectory().autocorrelation(),
                analysis.baseline().autocorrelation());
    }

    /** The auto-correlation of the increments (white for Brownian motion), with 95%/99% bands. */
    public static XYChart incrementAutocorrelation(TrajectoryAnalysis analysis) {
        return autocorrelationChart("Auto-correlation of the weight increments",
                analysis.trajectory().incrementAutocorrelation(), analysis.baseline().incrementAutocorrelation());
    }

    /** Fig. 3c: gradient norm per snapshot after burn-in and its EWMA; null without a gradient norm. */
    public static XYChart gradNorm(TrajectoryAnalysis analysis) {
        if (!analysis.hasGradNorm()) {
            return null;
        }
        XYChart chart = chart("Full-gradient norm", "snapshot (after burn-in " + analysis.options().burnIn() + ")",
                "gradient norm");
        double[] raw = analysis.gradNorm();
        int[] idx = evenlySpaced(raw.length, MAX_POINTS);
        double[] x = new double[idx.length];
        for (int j = 0; j < idx.length; j++) {
            x[j] = analysis.options().burnIn() + idx[j];
        }
        XYSeries r = chart.addSeries("per snapshot", x, pick(raw, idx));
        style(r, new Color(150, 190, 230), SeriesLines.SOLID, 1f);
        XYSeries e = chart.addSeries("EWMA (com " + fmt(analysis.options().centerOfMass()) + ")", x,
                pick(analysis.gradNormEwma(), idx));
        style(e, OWN, SeriesLines.SOLID, 2.5f);
        return chart;
    }

    private static XYChart autocorrelationChart(String title, AutoCorrelationSummary own, AutoCorrelationSummary base) {
        XYChart chart = chart(title, "lag (snapshots)", "auto-correlation");
        double[] lags = new double[own.lags().length];
        for (int j = 0; j < lags.length; j++) {
            lags[j] = own.lags()[j];
        }
        addMeanStd(chart, "trajectory", lags, own.mean(), own.std(), OWN);
        addMeanStd(chart, "Brownian baseline", lags, base.mean(), base.std(), BASE);
        double first = lags[0];
        double last = lags[lags.length - 1];
        addBand(chart, "99% band", first, last, own.band99(), BAND99);
        addBand(chart, "95% band", first, last, own.band95(), BAND95);
        return chart;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        return chart;
    }

    private static void addMeanStd(XYChart chart, String name, double[] x, double[] mean, double[] std, Color color) {
        List<Integer> keep = new ArrayList<>();
        for (int j = 0; j < x.length; j++) {
            if (Double.isFinite(mean[j]) && Double.isFinite(std[j])) {
                keep.add(j);
            }
        }
        if (keep.isEmpty()) {
            return;
        }
        int n = keep.size();
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        double[] mx = new double[n];
        double[] my = new double[n];
        for (int j = 0; j < n; j++) {
            int k = keep.get(j);
            mx[j] = x[k];
            my[j] = mean[k];
            px[j] = x[k];
            py[j] = mean[k] + std[k];
            px[2 * n - 1 - j] = x[k];
            py[2 * n - 1 - j] = mean[k] - std[k];
        }
        XYSeries band = chart.addSeries(name + " +- std", px, py);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
        band.setLineColor(new Color(0, 0, 0, 0));
        band.setMarker(SeriesMarkers.NONE);
        band.setShowInLegend(false);
        XYSeries line = chart.addSeries(name + " (mean +- std)", mx, my);
        style(line, color, SeriesLines.SOLID, 2f);
    }

    private static void addBand(XYChart chart, String name, double from, double to, double halfWidth, Color color) {
        XYSeries up = chart.addSeries(name, new double[] {from, to}, new double[] {halfWidth, halfWidth});
        style(up, color, SeriesLines.DASH_DASH, 1.2f);
        XYSeries down = chart.addSeries(name + " ", new double[] {from, to}, new double[] {-halfWidth, -halfWidth});
        style(down, color, SeriesLines.DASH_DASH, 1.2f);
        down.setShowInLegend(false);
    }

    private static void style(XYSeries s, Color color, java.awt.BasicStroke stroke, float width) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        s.setLineWidth(width);
    }

    /** Up to {@code max} distinct indices in [1, n) spaced evenly on a log scale (index 0 is frequency 0). */
    static int[] logSpaced(int n, int max) {
        if (n <= 1) {
            return new int[0];
        }
        if (n - 1 <= max) {
            int[] all = new int[n - 1];
            for (int j = 0; j < all.length; j++) {
                all[j] = j + 1;
            }
            return all;
        }
        List<Integer> out = new ArrayList<>();
        double logLast = Math.log(n - 1);
        for (int j = 0; j < max; j++) {
            int k = (int) Math.round(Math.exp(logLast * j / (max - 1)));
            k = Math.min(n - 1, Math.max(1, k));
            if (out.isEmpty() || out.get(out.size() - 1) < k) {
                out.add(k);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Up to {@code max} indices in [0, n) with a constant stride, always including the last. */
    static int[] evenlySpaced(int n, int max) {
        int stride = Math.max(1, (n + max - 1) / max);
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < n; k += stride) {
            out.add(k);
        }
        if (out.get(out.size() - 1) != n - 1) {
            out.add(n - 1);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] pick(double[] values, int[] idx) {
        double[] out = new double[idx.length];
        for (int j = 0; j < idx.length; j++) {
            out[j] = values[idx[j]];
        }
        return out;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
