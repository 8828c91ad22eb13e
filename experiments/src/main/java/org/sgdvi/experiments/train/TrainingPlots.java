package org.sgdvi.experiments.train;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sgdvi.core.train.EpochMetrics;

/** The loss and error curves of a training run. */
public final class TrainingPlots {

    private TrainingPlots() {
    }

    /** Train and validation loss (left) and error in percent, per epoch. */
    public static XYChart lossAndError(List<EpochMetrics> history, String title) {
        double[] e = new double[history.size()];
        double[] tl = new double[e.length];
        double[] vl = new double[e.length];
        double[] te = new double[e.length];
        double[] ve = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            EpochMetrics m = history.get(i);
            e[i] = m.epoch();
            tl[i] = m.trainLoss();
            vl[i] = m.validationLoss();
            te[i] = 100 * m.trainError();
            ve[i] = 100 * m.validationError();
        }
        XYChart c = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("epoch").yAxisTitle("loss").build();
        add(c, "train loss", e, tl, 0);
        add(c, "validation loss", e, vl, 0);
        add(c, "train error %", e, te, 1);
        add(c, "validation error %", e, ve, 1);
        c.setYAxisGroupTitle(1, "error (%)");
        c.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        return c;
    }

    /**
     * The training loss per epoch of a run that scores no error per epoch ({@code trajectory}: the recorder's
     * inference-mode loss over the whole training split); epochs whose loss is not finite are left out.
     *
     * @return the chart, or null when no epoch has a finite loss
     */
    public static XYChart trainLoss(double[] epochs, double[] losses, String title) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < epochs.length; i++) {
            if (Double.isFinite(losses[i])) {
                x.add(epochs[i]);
                y.add(losses[i]);
            }
        }
        if (x.isEmpty()) {
            return null;
        }
        XYChart c = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("epoch").yAxisTitle("loss").build();
        XYSeries s = c.addSeries("train loss (full training split, inference mode)", x, y);
        s.setMarker(x.size() > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        return c;
    }

    private static void add(XYChart c, String name, double[] x, double[] y, int group) {
        XYSeries s = c.addSeries(name, x, y);
        s.setYAxisGroup(group);
        s.setMarker(x.length > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    }
}
