package org.sgdvi.experiments.dynamics;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sgdvi.core.dynamics.DoubleWell;

/**
 * XChart figures of the double-well run: the Fig. 4 style field panel (grad f on a 20 x 20 grid
 * over [-1.5, 1.5]^2 as short segments along the flow -grad f with width proportional to
 * |grad f|, contours of Phi by marching squares, zeros of grad f and minima of Phi marked),
 * sample paths, the free energy F(t) and the sampler's TV curves; plus side-by-side composition
 * of several charts into one PNG.
 */
public final class DoubleWellPlots {

    /** Plot window half-width (as in Fig. 4). */
    public static final double WINDOW = 1.5;
    private static final int ARROWS = 20;
    private static final int CONTOUR_NODES = 151;
    private static final double[] PHI_LEVELS = {0.02, 0.08, 0.16, 0.25, 0.4, 0.6, 0.85, 1.2};
    private static final Color FIELD = new Color(30, 60, 150);
    private static final Color CONTOUR = new Color(150, 150, 150);
    private static final Color[] LAMBDA_COLORS = {
        new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(148, 103, 189),
        new Color(255, 127, 14), new Color(140, 86, 75)};

    private DoubleWellPlots() {
    }

    private static XYChart square(String title) {
        XYChart chart = new XYChartBuilder().width(520).height(580).title(title).xAxisTitle("x1").yAxisTitle("x2").build();
        org.knowm.xchart.style.XYStyler s = chart.getStyler();
        chart.getStyler().setXAxisMin(-WINDOW).setXAxisMax(WINDOW).setYAxisMin(-WINDOW).setYAxisMax(WINDOW);
        s.setPlotGridLinesVisible(false);
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 200));
        s.setMarkerSize(9);
        return chart;
    }

    private static void addContours(XYChart chart, DoubleWell well, Color color) {
        double[] xs = new double[CONTOUR_NODES];
        for (int i = 0; i < CONTOUR_NODES; i++) {
            xs[i] = -WINDOW + 2 * WINDOW * i / (CONTOUR_NODES - 1);
        }
        double[][] phi = new double[CONTOUR_NODES][CONTOUR_NODES];
        for (int i = 0; i < CONTOUR_NODES; i++) {
            for (int k = 0; k < CONTOUR_NODES; k++) {
                phi[i][k] = well.potential(xs[i], xs[k]);
            }
        }
        int id = 0;
        for (double level : PHI_LEVELS) {
            for (double[][] line : MarchingSquares.contours(phi, xs, xs, level)) {
                if (line[0].length < 2) {
                    continue;
                }
                XYSeries s = chart.addSeries("phi" + (id++), line[0], line[1]);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineStyle(SeriesLines.SOLID);
                s.setLineColor(color);
                s.setLineWidth(1f);
                s.setShowInLegend(false);
            }
        }
    }

    /** The Fig. 4 style panel for one lambda; {@code points} are this lambda's critical points. */
    public static XYChart fieldPanel(DoubleWell well, List<CriticalPointEntry> points) {
        XYChart chart = square(String.format(Locale.ROOT, "lambda = %s", well.lambda()));
        addContours(chart, well, CONTOUR);
        double[] g = new double[2];
        double spacing = 2 * WINDOW / ARROWS;
        double maxNorm = 0;
        double[][] norms = new double[ARROWS][ARROWS];
        for (int i = 0; i < ARROWS; i++) {
            for (int k = 0; k < ARROWS; k++) {
                well.gradF(node(i), node(k), g);
                norms[i][k] = Math.hypot(g[0], g[1]);
                maxNorm = Math.max(maxNorm, norms[i][k]);
            }
        }
        int id = 0;
        for (int i = 0; i < ARROWS; i++) {
            for (int k = 0; k < ARROWS; k++) {
                double x = node(i);
                double y = node(k);
                well.gradF(x, y, g);
                double n = norms[i][k];
                if (n == 0) {
                    continue;
                }
                // a segment along the flow -grad f, centred on the node, with a short head
                double ux = -g[0] / n;
                double uy = -g[1] / n;
                double len = 0.4 * spacing;
                double hx = x + len * ux;
                double hy = y + len * uy;
                double tx = x - len * ux;
                double ty = y - len * uy;
                double head = 0.55 * len;
                double[] px = {tx, hx, hx - head * (ux - 0.45 * uy), hx, hx - head * (ux + 0.45 * uy)};
                double[] py = {ty, hy, hy - head * (uy + 0.45 * ux), hy, hy - head * (uy - 0.45 * ux)};
                XYSeries s = chart.addSeries("g" + (id++), px, py);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineStyle(SeriesLines.SOLID);
                s.setLineColor(FIELD);
                s.setLineWidth((float) (0.3 + 2.7 * n / maxNorm));
                s.setShowInLegend(false);
            }
        }
        List<double[]> zerosF = new ArrayList<>();
        List<double[]> minimaPhi = new ArrayList<>();
        for (CriticalPointEntry c : points) {
            if (Math.abs(c.x()[0]) > WINDOW || Math.abs(c.x()[1]) > WINDOW) {
                continue;
            }
            if (c.field().equals("f")) {
                zerosF.add(c.x());
            } else if (c.type().equals("MINIMUM")) {
                minimaPhi.add(c.x());
            }
        }
        if (!minimaPhi.isEmpty()) {
            XYSeries s = chart.addSeries("minima of Phi (most likely)", xsOf(minimaPhi), ysOf(minimaPhi));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.SQUARE);
            s.setMarkerColor(new Color(20, 150, 60));
        }
        if (!zerosF.isEmpty()) {
            XYSeries s = chart.addSeries("zeros of grad f", xsOf(zerosF), ysOf(zerosF));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(220, 30, 30));
        }
        return chart;
    }

    private static double node(int i) {
        double spacing = 2 * WINDOW / ARROWS;
        return -WINDOW + (i + 0.5) * spacing;
    }

    private static double[] xsOf(List<double[]> p) {
        return p.stream().mapToDouble(a -> a[0]).toArray();
    }

    private static double[] ysOf(List<double[]> p) {
        return p.stream().mapToDouble(a -> a[1]).toArray();
    }

    /** Noisy paths and the noise-free flow of one lambda over contours of Phi. */
    public static XYChart pathsPanel(DoubleWell well, LambdaPaths paths) {
        XYChart chart = square(String.format(Locale.ROOT, "lambda = %s, t in [0, %.0f]", well.lambda(), paths.duration()));
        chart.getStyler().setXAxisMin(-2.0).setXAxisMax(2.0).setYAxisMin(-2.0).setYAxisMax(2.0);
        addContours(chart, well, new Color(200, 200, 200));
        Color[] colors = {new Color(31, 119, 180, 170), new Color(255, 127, 14, 170)};
        for (int p = 0; p < paths.samplePaths().size(); p++) {
            double[][] xy = paths.samplePaths().get(p);
            XYSeries s = chart.addSeries("sample path " + (p + 1), xy[0], xy[1]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(SeriesLines.SOLID);
            s.setLineColor(colors[p % colors.length]);
            s.setLineWidth(0.8f);
        }
        XYSeries flow = chart.addSeries("noise-free flow", paths.flowPath()[0], paths.flowPath()[1]);
        flow.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        flow.setMarker(SeriesMarkers.NONE);
        flow.setLineStyle(SeriesLines.SOLID);
        flow.setLineColor(Color.BLACK);
        flow.setLineWidth(2f);
        return chart;
    }

    /** F(t) = beta^{-1} KL(p_t || pi) per lambda on a log scale, with the exact-reference curves dashed. */
    public static XYChart freeEnergyChart(List<FokkerPlanckResult> results) {
        XYChart chart = new XYChartBuilder().width(760).height(520)
                .title("Fokker-Planck free energy (Theorem 5)").xAxisTitle("t").yAxisTitle("F(t)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (int i = 0; i < results.size(); i++) {
            FokkerPlanckResult r = results.get(i);
            Color c = LAMBDA_COLORS[i % LAMBDA_COLORS.length];
            addPositive(chart, "lambda=" + r.lambda() + " vs discrete pi", r.times(), r.freeEnergy(), c, false);
            addPositive(chart, "lambda=" + r.lambda() + " vs exp(-Phi) cells", r.times(), r.freeEnergyExact(), c, true);
        }
        return chart;
    }

    /** An empty TV chart (y from 0) with the common style. */
    private static XYChart tvChart(String title, String xAxis, String xPattern, String yPattern,
                                   Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(560).height(440).title(title).xAxisTitle(xAxis).yAxisTitle("TV").build();
        chart.getStyler().setXAxisDecimalPattern(xPattern);
        chart.getStyler().setYAxisDecimalPattern(yPattern);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(legend);
        return chart;
    }

    /** TV vs time of the main runs. */
    public static XYChart tvTimeChart(List<SamplerResult> results) {
        XYChart chart = tvChart("Sampler TV to exp(-Phi) vs time", "t", "0.#", "0.##", Styler.LegendPosition.InsideNE);
        for (int i = 0; i < results.size(); i++) {
            SamplerResult r = results.get(i);
            Color c = LAMBDA_COLORS[i % LAMBDA_COLORS.length];
            addPositive(chart, "lambda=" + r.lambda(), r.tvTimes(), r.tv(), c, false);
        }
        if (!results.isEmpty()) {
            SamplerResult r = results.get(0);
            double[] t = {r.tvTimes()[0], r.tvTimes()[r.tvTimes().length - 1]};
            addPositive(chart, "sampling floor", t, new double[] {r.tvSamplingFloor(), r.tvSamplingFloor()},
                    Color.GRAY, true);
        }
        return chart;
    }

    /** TV of the time-averaged histograms vs step (linear axes: TV is about floor + c dt). */
    public static XYChart tvStepChart(List<SamplerResult> results) {
        XYChart chart = tvChart("Sampler TV vs step size", "dt", "0.###", "0.###", Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(0.0);
        for (int i = 0; i < results.size(); i++) {
            SamplerResult r = results.get(i);
            Color c = LAMBDA_COLORS[i % LAMBDA_COLORS.length];
            XYSeries s = addPositive(chart, "lambda=" + r.lambda(), r.dtSweep(), r.tvByDt(), c, false);
            if (s != null) {
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(c);
            }
        }
        if (!results.isEmpty()) {
            SamplerResult r = results.get(0);
            addPositive(chart, "sampling floor", r.dtSweep(), r.tvByDtSamplingFloor(), Color.GRAY, true);
        }
        return chart;
    }

    private static XYSeries addPositive(XYChart chart, String name, double[] x, double[] y, Color color, boolean dashed) {
        List<double[]> keep = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (y[i] > 0 && Double.isFinite(y[i]) && (!chart.getStyler().isXAxisLogarithmic() || x[i] > 0)) {
                keep.add(new double[] {x[i], y[i]});
            }
        }
        if (keep.size() < 1) {
            return null;
        }
        XYSeries s = chart.addSeries(name, xsOf(keep), ysOf(keep));
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.SOLID);
        s.setLineColor(color);
        s.setLineWidth(dashed ? 1.2f : 2f);
        if (dashed) {
            s.setLineStyle(new java.awt.BasicStroke(1.2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                    10f, new float[] {6f, 4f}, 0f));
        }
        return s;
    }

    /** Renders the charts side by side into one PNG. */
    public static byte[] sideBySide(List<XYChart> charts) {
        List<BufferedImage> images = new ArrayList<>();
        int width = 0;
        int height = 0;
        for (XYChart c : charts) {
            BufferedImage img = BitmapEncoder.getBufferedImage(c);
            images.add(img);
            width += img.getWidth();
            height = Math.max(height, img.getHeight());
        }
        BufferedImage all = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        int x = 0;
        for (BufferedImage img : images) {
            g.drawImage(img, x, 0, null);
            x += img.getWidth();
        }
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(all, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG: " + e.getMessage(), e);
        }
    }
}
