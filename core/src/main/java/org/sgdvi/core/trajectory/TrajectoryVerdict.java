package org.sgdvi.core.trajectory;

/**
 * The numbers that decide whether a trajectory looks like Brownian motion (Remarks 17/18),
 * each next to the same number for the {@link BrownianBaseline}.
 *
 * @param fractionOfLagsOutside99                  fraction of non-zero lags whose MEAN position
 *                                                 auto-correlation lies outside the 99% band (see
 *                                                 {@link AutoCorrelationSummary#fractionOfLagsOutside})
 * @param baselineFractionOfLagsOutside99          the same for the baseline (also high: random-walk
 *                                                 positions are correlated)
 * @param incrementFractionOfLagsOutside99         the same for the increments' auto-correlation
 * @param baselineIncrementFractionOfLagsOutside99 the same for the baseline's increments (about 0:
 *                                                 white increments)
 * @param lowToHighPowerRatio                      {@link SpectrumSummary#lowToHighPowerRatio} of the
 *                                                 increments (mean |rfft|^2 over the lowest 10% of
 *                                                 non-zero frequencies over that of the highest 10%)
 * @param baselineLowToHighPowerRatio              the same for the baseline (about 1)
 * @param gradNormDropFactor                       EWMA of the gradient norm at the first snapshot after
 *                                                 burn-in divided by its value at the last (the paper:
 *                                                 about 3); NaN without a gradient norm
 * @param gradNormMaxOverMin                       max over min of that EWMA; NaN without a gradient norm
 */
public record TrajectoryVerdict(double fractionOfLagsOutside99, double baselineFractionOfLagsOutside99,
                                double incrementFractionOfLagsOutside99,
                                double baselineIncrementFractionOfLagsOutside99,
                                double lowToHighPowerRatio, double baselineLowToHighPowerRatio,
                                double gradNormDropFactor, double gradNormMaxOverMin) {
}
