package org.sgdvi.experiments.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The sweep plots: the (eta, b) heatmap of the validation error and the error against eta/b (log axis). */
public final class SweepCharts {

    private SweepCharts() {
    }

    /** Mean validation error (%) over seeds in each (eta, b) cell; cells without a finished trial are blank. */
    public static HeatMapChart heatmap(List<Observation> group, String title) {
        List<Double> etas = new ArrayList<>(new TreeSet<>(group.stream().map(Observation::learningRate).toList()));
        List<Integer> bs = new ArrayList<>(new TreeSet<>(group.stream().map(Observation::batchSize).toList()));
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < etas.size(); i++) {
            for (int j = 0; j < bs.size(); j++) {
                double eta = etas.get(i);
                int b = bs.get(j);
                double mean = group.stream().filter(o -> o.learningRate() == eta && o.batchSize() == b)
                        .mapToDouble(Observation::validationError).average().orElse(Double.NaN);
                if (Double.isFinite(mean)) {
                    cells.add(new Number[] {i, j, Math.round(10000 * mean) / 100.0});
                }
            }
        }
        HeatMapChart c = new HeatMapChartBuilder().width(800).height(560).title(title)
                .xAxisTitle("learning rate eta").yAxisTitle("batch size b").build();
        c.getStyler().setShowValue(true);
        c.getStyler().setHeatMapValueDecimalPattern("0.00");
        c.getStyler().setPlotContentSize(1.0);
        c.addSeries("validation error %", etas.stream().map(TrialPoint::plain).toList(),
                bs.stream().map(String::valueOf).toList(), cells);
        return c;
    }

    /** Validation error (%) of every trial against eta/b on a log axis, one colour per b. */
    public static XYChart errorVsRatio(List<Observation> group, String title) {
        Map<Integer, List<Observation>> byB = new TreeMap<>();
        group.forEach(o -> byB.computeIfAbsent(o.batchSize(), k -> new ArrayList<>()).add(o));
        XYChart c = scatter(title, "eta / b (log scale)");
        byB.forEach((b, l) -> add(c, "b = " + b, l.stream().mapToDouble(Observation::ratio).toArray(),
                l.stream().mapToDouble(o -> 100 * o.validationError()).toArray()));
        return c;
    }

    /** Remark 15: error against (eta/b) mean(lambda(D)) (or eta/b when {@code temperature} is false), one colour per model. */
    public static XYChart errorVsTemperature(List<Observation> obs, boolean temperature, String title) {
        Map<String, List<Observation>> byModel = new TreeMap<>();
        obs.stream().filter(o -> Double.isFinite(o.lambdaMeanFinal()) && o.lambdaMeanFinal() > 0)
                .forEach(o -> byModel.computeIfAbsent(o.model(), k -> new ArrayList<>()).add(o));
        XYChart c = scatter(title, temperature ? "(eta / b) x mean lambda(D) (log scale)" : "eta / b (log scale)");
        byModel.forEach((m, l) -> add(c, m, l.stream().mapToDouble(o -> temperature ? o.normalizedTemperature() : o.ratio())
                .toArray(), l.stream().mapToDouble(o -> 100 * o.validationError()).toArray()));
        return c;
    }

    private static XYChart scatter(String title, String xTitle) {
        XYChart c = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xTitle)
                .yAxisTitle("validation error (%)").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setMarkerSize(9);
        return c;
    }

    private static void add(XYChart c, String name, double[] x, double[] y) {
        if (x.length > 0) {
            c.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
    }
}
