package org.sgdvi.experiments.spectrum;

import java.awt.Color;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sgdvi.core.spectrum.LogHistogram;

/** Fig. 1 style: histograms of lambda(D) on log-spaced bins, one per snapshot, darker means later. */
public final class SpectrumPlots {

    /** One histogram to draw. */
    public record Curve(String label, LogHistogram histogram) {
    }

    private SpectrumPlots() {
    }

    /** The histograms as step lines over a log eigenvalue axis (counts on a log axis). */
    public static XYChart histograms(String title, List<Curve> curves) {
        XYChart c = new XYChartBuilder().width(900).height(550).title(title).xAxisTitle("eigenvalue of D (log scale)")
                .yAxisTitle("count (log scale)").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setXAxisLabelRotation(45);
        for (int k = 0; k < curves.size(); k++) {
            LogHistogram h = curves.get(k).histogram();
            double[] e = h.edges();
            long[] counts = h.counts();
            double[] x = new double[2 * counts.length];
            double[] y = new double[2 * counts.length];
            for (int i = 0; i < counts.length; i++) {
                double v = Math.max(0.5, counts[i]);
                x[2 * i] = e[i];
                x[2 * i + 1] = e[i + 1];
                y[2 * i] = v;
                y[2 * i + 1] = v;
            }
            XYSeries s = c.addSeries(curves.get(k).label(), x, y);
            s.setMarker(SeriesMarkers.NONE);
            int grey = curves.size() == 1 ? 40 : 190 - (150 * k) / (curves.size() - 1);
            s.setLineColor(new Color(grey, grey, Math.min(255, grey + 40)));
            s.setLineWidth(2f);
        }
        return c;
    }
}
