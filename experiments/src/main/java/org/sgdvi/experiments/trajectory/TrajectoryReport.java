package org.sgdvi.experiments.trajectory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sgdvi.core.trajectory.TrajectoryAnalysis;
import org.sgdvi.core.trajectory.TrajectoryVerdict;
import org.sgdvi.experiments.report.HtmlReport;

/**
 * The HTML report of a trajectory analysis: what was analysed, the verdict next to the Brownian
 * baseline, and the Fig. 3 panels.
 */
public final class TrajectoryReport {

    private TrajectoryReport() {
    }

    /**
     * @param analysis the analysis
     * @param input    what was analysed (may be null)
     * @param pngs     caption to PNG bytes, in display order
     */
    public static String html(TrajectoryAnalysis analysis, TrajectoryInput input, Map<String, byte[]> pngs) {
        return html(analysis, input, pngs, null);
    }

    /**
     * As {@link #html(TrajectoryAnalysis, TrajectoryInput, Map)}, with a section on the training run
     * that produced the trajectory when {@code training} is not null.
     */
    public static String html(TrajectoryAnalysis analysis, TrajectoryInput input, Map<String, byte[]> pngs,
                              Map<String, Object> training) {
        HtmlReport report = new HtmlReport("SGD trajectory versus Brownian motion");
        report.paragraph("Remarks 17/18 of Chaudhari & Soatto: if SGD's iterates were Brownian motion, the FFT of "
                + "their increments would be flat and the increments would be uncorrelated. The baseline is a "
                + "Gaussian random walk with each weight's own increment variance (seed "
                + analysis.options().seed() + "). Note that the positions of any random walk, the baseline "
                + "included, stay auto-correlated; the increments are what Brownian motion keeps inside the bands.");
        Map<String, Object> what = new LinkedHashMap<>();
        if (input != null) {
            what.put("trajectory", input.source());
            what.put("gradient norm", input.gradSource() == null ? "none" : input.gradSource());
        }
        what.put("snapshots analysed (T)", analysis.snapshots());
        what.put("burn-in dropped", analysis.options().burnIn());
        what.put("weights (d)", analysis.dimension());
        what.put("baseline weights", analysis.baselineWeights().length);
        what.put("99% band (z99 / sqrt T)", analysis.trajectory().autocorrelation().band99());
        report.heading("Input").keyValues(what);
        if (training != null) {
            report.heading("Training run").keyValues(training);
        }
        TrajectoryVerdict v = analysis.verdict();
        report.heading("Verdict").table(List.of("statistic", "trajectory", "Brownian baseline"), List.of(
                List.of("low/high frequency power of increments (lowest vs highest 10% of frequencies)",
                        v.lowToHighPowerRatio(), v.baselineLowToHighPowerRatio()),
                List.of("fraction of lags with mean increment auto-correlation outside the 99% band",
                        v.incrementFractionOfLagsOutside99(), v.baselineIncrementFractionOfLagsOutside99()),
                List.of("fraction of lags with mean weight auto-correlation outside the 99% band",
                        v.fractionOfLagsOutside99(), v.baselineFractionOfLagsOutside99()),
                List.of("gradient norm EWMA, first / last", v.gradNormDropFactor(), ""),
                List.of("gradient norm EWMA, max / min", v.gradNormMaxOverMin(), "")));
        report.heading("Figures");
        for (Map.Entry<String, byte[]> e : pngs.entrySet()) {
            report.image(e.getKey(), e.getValue());
        }
        return report.render();
    }
}
