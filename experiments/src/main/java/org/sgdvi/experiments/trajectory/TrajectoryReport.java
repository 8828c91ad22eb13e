package org.sgdvi.experiments.trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.trajectory.TrajectoryAnalysis;
import org.sgdvi.core.trajectory.TrajectoryVerdict;
import org.sgdvi.experiments.report.Finding;
import org.sgdvi.experiments.report.HtmlReport;

/**
 * The HTML report of a trajectory analysis, written like a results section: the paper's claims of
 * Remarks 17/18 and Fig. 3 (arXiv 1710.11029) checked as verdicts against the Brownian baseline,
 * what was analysed, the training run, and the Fig. 3 panels. The verdicts and their thresholds:
 * <ul>
 * <li>low-frequency modes: the increments' low/high frequency power ratio at least
 * {@link #POWER_RATIO_FACTOR} times the baseline's;</li>
 * <li>correlated increments: the fraction of lags whose mean increment auto-correlation lies outside
 * the 99% band exceeds the baseline's by at least {@link #EXCESS_LAG_FRACTION};</li>
 * <li>the full-gradient norm stays large: its EWMA drops by at most {@link #GRAD_NORM_DROP_LIMIT}
 * (the paper: about 3x over 10^5 epochs);</li>
 * <li>not Brownian motion (limit cycles): at least one of the two increment tests holds.</li>
 * </ul>
 */
public final class TrajectoryReport {

    /** Low/high power ratio over the baseline's that counts as low-frequency modes. */
    public static final double POWER_RATIO_FACTOR = 2.0;
    /** Excess fraction of lags outside the 99% band that counts as correlated increments. */
    public static final double EXCESS_LAG_FRACTION = 0.05;
    /** The largest first/last ratio of the gradient-norm EWMA that counts as "stays large". */
    public static final double GRAD_NORM_DROP_LIMIT = 10.0;

    private TrajectoryReport() {
    }

    /**
     * @param analysis the analysis
     * @param input    what was analysed (may be null)
     * @param pngs     caption to PNG bytes, in display order
     * @param training the training run that produced the trajectory, or null
     */
    public static String html(TrajectoryAnalysis analysis, TrajectoryInput input, Map<String, byte[]> pngs,
                              TrajectoryTraining training) {
        HtmlReport report = new HtmlReport("SGD trajectory versus Brownian motion");
        report.paragraph("Remarks 17/18 of Chaudhari & Soatto (arXiv 1710.11029): if SGD's iterates were Brownian "
                + "motion, the FFT of their increments would be flat and the increments would be uncorrelated. The "
                + "baseline is a Gaussian random walk with each weight's own increment variance (seed "
                + analysis.options().seed() + "). Note that the positions of any random walk, the baseline "
                + "included, stay auto-correlated; the increments are what Brownian motion keeps inside the bands.");
        report.heading("Findings").findings(findings(analysis.verdict(), analysis.hasGradNorm()));
        List<List<?>> what = new ArrayList<>();
        if (input != null) {
            what.add(List.of("trajectory", input.source()));
            what.add(List.of("gradient norm", input.gradSource() == null ? "none" : input.gradSource()));
        }
        what.add(List.of("snapshots analysed (T)", analysis.snapshots()));
        what.add(List.of("burn-in dropped", analysis.options().burnIn()));
        what.add(List.of("weights (d)", analysis.dimension()));
        what.add(List.of("baseline weights", analysis.baselineWeights().length));
        what.add(List.of("99% band (z99 / sqrt T)", analysis.trajectory().autocorrelation().band99()));
        report.heading("Input").table(List.of("quantity", "value"), what);
        if (training != null) {
            report.heading("Training run").properties(Json.mapper().valueToTree(training));
        }
        TrajectoryVerdict v = analysis.verdict();
        report.heading("Verdict: the deciding numbers beside the Brownian baseline").table(List.of("statistic", "trajectory", "Brownian baseline"), List.of(
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

    /** The claims of Remarks 17/18 and Fig. 3 checked against {@code v}. */
    public static List<Finding> findings(TrajectoryVerdict v, boolean hasGradNorm) {
        List<Finding> out = new ArrayList<>();
        double ratio = v.lowToHighPowerRatio() / v.baselineLowToHighPowerRatio();
        Finding lowFrequency = new Finding("Remarks 17/18: the FFT of SGD's increments has low-frequency modes",
                ratio >= POWER_RATIO_FACTOR, "the low/high frequency power of the increments is "
                + HtmlReport.format(v.lowToHighPowerRatio()) + " against " + HtmlReport.format(v.baselineLowToHighPowerRatio())
                + " for the Brownian baseline (" + HtmlReport.format(ratio) + " times); the threshold used here is "
                + HtmlReport.format(POWER_RATIO_FACTOR) + " times.");
        double excess = v.incrementFractionOfLagsOutside99() - v.baselineIncrementFractionOfLagsOutside99();
        Finding correlated = new Finding("Remarks 17/18: SGD's increments stay auto-correlated at large lags",
                excess >= EXCESS_LAG_FRACTION, "the mean increment auto-correlation lies outside the 99% band at "
                + HtmlReport.format(v.incrementFractionOfLagsOutside99()) + " of the lags against "
                + HtmlReport.format(v.baselineIncrementFractionOfLagsOutside99()) + " for the baseline; the threshold "
                + "used here is an excess of " + HtmlReport.format(EXCESS_LAG_FRACTION) + ".");
        out.add(lowFrequency);
        out.add(correlated);
        if (hasGradNorm) {
            out.add(new Finding("Fig. 3c: the full-gradient norm stays large (drops only about 3x)",
                    v.gradNormDropFactor() <= GRAD_NORM_DROP_LIMIT, "the first/last ratio of its EWMA is "
                    + HtmlReport.format(v.gradNormDropFactor()) + " (max/min " + HtmlReport.format(v.gradNormMaxOverMin())
                    + "); the threshold used here is a first/last ratio of at most "
                    + HtmlReport.format(GRAD_NORM_DROP_LIMIT) + "."));
        }
        int separating = (lowFrequency.holds() ? 1 : 0) + (correlated.holds() ? 1 : 0);
        out.add(new Finding("SGD converges to limit cycles, not to Brownian motion around a minimum (Remarks 17/18)",
                separating > 0, separating + " of the 2 increment tests above tell the trajectory from its Brownian "
                + "baseline" + (separating > 0 ? "." : "; these statistics cannot distinguish it from Brownian motion.")));
        return out;
    }
}
