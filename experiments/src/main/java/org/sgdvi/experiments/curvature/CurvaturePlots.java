package org.sgdvi.experiments.curvature;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Charts of the curvature measures ({@link CurvatureResults}): series on a log axis keep their positive points only
 * (a log axis cannot show the others; the tables show every value).
 */
public final class CurvaturePlots {

    private CurvaturePlots() {
    }

    /** Adds the positive values of {@code values} at x = 1, 2, ... (index i + 1); nothing when none is positive. */
    public static void addPositive(XYChart c, String name, double[] values) {
        double[] x = new double[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1.0;
        }
        addPositive(c, name, x, values);
    }

    /** Adds the points (x_i, y_i) with y_i &gt; 0; nothing when none is. */
    public static void addPositive(XYChart c, String name, double[] x, double[] y) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (y[i] > 0) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (!xs.isEmpty()) {
            c.addSeries(name, xs, ys);
        }
    }

    /**
     * The measures at each snapshot of training: lambda_max(H), tr H, tr D, tr(HD) and its isotropic baseline
     * tr H tr D / d, the relative commutator (Lemma 20) and the noise scales B_simple and B_noise, over the percent of
     * training (log value axis).
     *
     * @param percents the snapshots' percent of training
     * @param measures the measures at each, in the same order
     */
    public static XYChart overTraining(String title, double[] percents, List<CurvatureResults> measures) {
        XYChart c = new XYChartBuilder().width(900).height(550).title(title).xAxisTitle("% of training")
                .yAxisTitle("value (log scale)").build();
        c.getStyler().setYAxisLogarithmic(true);
        series(c, "lambda_max(H)", percents, measures, m -> m.hessianTopEigenvalues()[0]);
        series(c, "tr H", percents, measures, CurvatureResults::hessianTrace);
        series(c, "tr D", percents, measures, CurvatureResults::diffusionTrace);
        series(c, "tr(HD)", percents, measures, CurvatureResults::traceHD);
        series(c, "tr H tr D / d (isotropic)", percents, measures, CurvatureResults::isotropicTraceHD);
        series(c, "relative commutator", percents, measures, CurvatureResults::commutator);
        series(c, "B_simple", percents, measures, CurvatureResults::noiseScaleSimple);
        series(c, "B_noise", percents, measures, CurvatureResults::noiseScaleBNoise);
        return c;
    }

    private static void series(XYChart c, String name, double[] x, List<CurvatureResults> measures,
                               ToDoubleFunction<CurvatureResults> f) {
        addPositive(c, name, x, measures.stream().mapToDouble(f).toArray());
    }
}
