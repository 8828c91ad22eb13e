package org.sgdvi.experiments.dynamics;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * XChart figures of {@code sgdvi linearize}: the spectra of the Hessian F and of the diffusion
 * matrix D on a log scale (eigenvalues by rank, negative eigenvalues of F by their magnitude), and
 * the histogram of the angles between the force F x and its gradient part D U x (Lemma 20).
 */
public final class LinearizationPlots {

    private LinearizationPlots() {
    }

    /**
     * |eigenvalue| against rank (descending) on a log axis: positive eigenvalues of F, negative
     * eigenvalues of F, eigenvalues of D; zeros are left out (a log axis cannot show them), and
     * the noise floor of F is drawn as a horizontal line when positive.
     */
    public static XYChart spectra(String title, double[] hessian, double[] diffusion, double noiseFloor) {
        XYChart c = new XYChartBuilder().width(900).height(550).title(title).xAxisTitle("rank (descending |eigenvalue|)")
                .yAxisTitle("|eigenvalue| (log scale)").build();
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setMarkerSize(4);
        addRanked(c, "F, positive", positive(hessian, 1), new Color(31, 119, 180));
        addRanked(c, "F, negative (|mu|)", positive(hessian, -1), new Color(214, 39, 40));
        addRanked(c, "D", positive(diffusion, 1), new Color(44, 160, 44));
        int n = Math.max(hessian.length, diffusion.length);
        if (noiseFloor > 0 && n > 1) {
            XYSeries s = c.addSeries("finite-difference noise floor of F", new double[] {1, n}, new double[] {noiseFloor, noiseFloor});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Color.GRAY);
        }
        return c;
    }

    private static double[] positive(double[] values, int sign) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            if (sign * v > 0) {
                out.add(sign * v);
            }
        }
        double[] a = out.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        for (int i = 0; i < a.length / 2; i++) {
            double t = a[i];
            a[i] = a[a.length - 1 - i];
            a[a.length - 1 - i] = t;
        }
        return a;
    }

    private static void addRanked(XYChart c, String name, double[] values, Color color) {
        if (values.length == 0) {
            return;
        }
        double[] x = new double[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        XYSeries s = c.addSeries(name + " (" + values.length + ")", x, values);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
    }

    /** Histogram (step line) of angles given in radians, drawn in degrees over [0, 180] with {@code bins} bins. */
    public static XYChart angles(String title, double[] radians, int bins) {
        long[] counts = new long[bins];
        for (double r : radians) {
            int b = (int) Math.floor(Math.toDegrees(r) / 180.0 * bins);
            counts[Math.max(0, Math.min(bins - 1, b))]++;
        }
        double[] x = new double[2 * bins];
        double[] y = new double[2 * bins];
        for (int i = 0; i < bins; i++) {
            x[2 * i] = 180.0 * i / bins;
            x[2 * i + 1] = 180.0 * (i + 1) / bins;
            y[2 * i] = counts[i];
            y[2 * i + 1] = counts[i];
        }
        XYChart c = new XYChartBuilder().width(900).height(500).title(title)
                .xAxisTitle("angle between F x and D U x (degrees)").yAxisTitle("count").build();
        c.getStyler().setXAxisMin(0.0).setXAxisMax(180.0);
        XYSeries s = c.addSeries("random x in W (" + radians.length + ")", x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(new Color(31, 119, 180));
        s.setLineWidth(2f);
        return c;
    }
}
