package org.sgdvi.experiments.sweep;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.sgdvi.experiments.sweep.SmoothingFit.Fit;

/**
 * The results.json of {@code sweep-analyze}: the sweep, its trial counts and the numbers of the
 * paper's Remarks 11, 12, 15 and 16 (arXiv 1710.11029) computed by {@link SweepAnalysis}.
 *
 * @param sweep       the sweep definition in one line
 * @param fingerprint the definition's fingerprint
 * @param trials      trials by status
 * @param analysed    finished, non-diverged trials analysed
 * @param diverged    ids of diverged trials
 * @param failed      ids of failed trials
 * @param remark11    per (model, sampling): does the error follow eta/b (Remark 11)
 * @param remark12    per (model, b): with minus without replacement (Remark 12)
 * @param remark15    the normalized-temperature fits (Remark 15), null when D was not measured
 * @param remark16    the architecture score against trained error (Remark 16), null without it
 * @param definitions what each statistic means
 */
public record SweepResults(String sweep, String fingerprint, Map<String, Integer> trials, int analysed,
                           List<String> diverged, List<String> failed, List<RuleGroup> remark11,
                           List<ReplacementEffect> remark12, TemperatureFits remark15, ArchitectureRanking remark16,
                           Definitions definitions) {

    /**
     * Remark 11 for one (model, sampling): generalization depends on eta/b alone when the error's fit
     * in log(eta/b) explains more of its variance than the fits in log(eta) and in log(b).
     *
     * @param model                   model entry
     * @param sampling                "with" or "without"
     * @param n                       trials
     * @param explained               the three fits
     * @param etaOverBExplainsMost    log(eta/b) beats both others on the adjusted binned and the local-linear R^2
     * @param spearmanWithinBatchSize the rank correlation of error with eta/b within each b
     */
    public record RuleGroup(String model, String sampling, int n, Explained explained, boolean etaOverBExplainsMost,
                            List<RankCorrelation> spearmanWithinBatchSize) {
    }

    /**
     * The smoothing fits ({@link SmoothingFit}) of the validation error in three predictors.
     *
     * @param logEtaOverB in log(eta/b)
     * @param logEta      in log(eta) alone
     * @param logB        in log(b) alone
     */
    public record Explained(Fit logEtaOverB, Fit logEta, Fit logB) {

        /** How far log(eta/b) is ahead of the better of log(eta) and log(b) on {@code measure} (negative: behind). */
        public double margin(ToDoubleFunction<Fit> measure) {
            return measure.applyAsDouble(logEtaOverB)
                    - Math.max(measure.applyAsDouble(logEta), measure.applyAsDouble(logB));
        }

        /** Whether log(eta/b) beats both others on {@code measure}. */
        public boolean etaOverBAhead(ToDoubleFunction<Fit> measure) {
            double r = measure.applyAsDouble(logEtaOverB);
            return r > measure.applyAsDouble(logEta) && r > measure.applyAsDouble(logB);
        }
    }

    /**
     * Spearman's rho of the validation error with eta/b among the trials of one b.
     *
     * @param batchSize b
     * @param n         trials
     * @param rho       the rank correlation (average ranks for ties)
     */
    public record RankCorrelation(int batchSize, int n, double rho) {
    }

    /**
     * Remark 12 for one (model, b): error(with replacement) - error(without) at equal (eta, b, seed).
     *
     * @param model          model entry
     * @param batchSize      b
     * @param pairs          trial pairs
     * @param seeds          seeds
     * @param meanDifference mean over the pairs
     * @param seedSpread     sample standard deviation over seeds of the per-seed mean (NaN with one seed)
     * @param seedMin        smallest per-seed mean
     * @param seedMax        largest per-seed mean
     * @param oneMinusBOverN 1 - b/N, the factor by which sampling without replacement lowers the temperature
     */
    public record ReplacementEffect(String model, int batchSize, int pairs, int seeds, double meanDifference,
                                    double seedSpread, double seedMin, double seedMax, double oneMinusBOverN) {
    }

    /**
     * Remark 15 over the trials whose D was measured, models pooled.
     *
     * @param n                        trials
     * @param models                   the models pooled
     * @param logEtaOverB              the error's fit in log(eta/b)
     * @param logNormalizedTemperature its fit in log((eta/b) mean lambda(D))
     */
    public record TemperatureFits(int n, List<String> models, Fit logEtaOverB, Fit logNormalizedTemperature) {
    }

    /**
     * Remark 16 across models.
     *
     * @param models   each model's initial score and best error
     * @param spearman the rank correlation of score with best error
     */
    public record ArchitectureRanking(List<ModelScore> models, double spearman) {
    }

    /**
     * One model's Remark 16 numbers.
     *
     * @param model               model entry
     * @param initialScore        mean over its trials of rank(D)/d + var(lambda(D)) at initialization
     * @param bestValidationError the lowest mean over seeds of any (eta, b, sampling)
     */
    public record ModelScore(String model, double initialScore, double bestValidationError) {
    }

    /**
     * What the statistics mean, written into results.json for its readers.
     *
     * @param binnedR2         the binned-mean R^2
     * @param binnedAdjustedR2 its adjusted value
     * @param localLinearR2    the local-linear R^2
     * @param rho              the within-b rank correlation
     * @param meanDifference   the Remark 12 difference
     * @param seedSpread       its seed spread
     */
    public record Definitions(String binnedR2, String binnedAdjustedR2, String localLinearR2, String rho,
                              String meanDifference, String seedSpread) {

        /** The definitions of this version. */
        public static final Definitions CURRENT = new Definitions(
                "1 - SS_within / SS_total, groups = equal x (one-way ANOVA eta squared)",
                "1 - (SS_within / (n - k)) / (SS_total / (n - 1)), k = distinct x",
                "1 - SS_res / SS_total of a Gaussian-kernel local-linear fit, bandwidth "
                        + SmoothingFit.DEFAULT_BANDWIDTH + " x range(x)",
                "Spearman rank correlation of validation error with eta/b within one b (average ranks for ties)",
                "mean over (eta, seed) of error(with replacement) - error(without), per b",
                "sample standard deviation over seeds of the per-seed mean difference");
    }
}
