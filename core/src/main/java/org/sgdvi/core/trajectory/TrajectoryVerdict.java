package org.sgdvi.core.trajectory;

/**
 * The numbers that decide whether a trajectory looks like Brownian motion (Remarks 17/18).
 *
 * @param fractionOfLagsOutside99         fraction of non-zero lags whose mean auto-correlation lies
 *                                        outside the 99% white-noise band (see
 *                                        {@link AutoCorrelationSummary#fractionOfLagsOutside})
 * @param baselineFractionOfLagsOutside99 the same for the {@link BrownianBaseline}
 * @param lowToHighPowerRatio             {@link SpectrumSummary#lowToHighPowerRatio} of the increments
 * @param baselineLowToHighPowerRatio     the same for the baseline (about 1: white increments)
 * @param gradNormDropFactor              EWMA of the gradient norm at the first snapshot after
 *                                        burn-in divided by its value at the last (the paper: about
 *                                        3); NaN without a gradient norm
 * @param gradNormMaxOverMin              max over min of the EWMA of the gradient norm; NaN without one
 */
public record TrajectoryVerdict(double fractionOfLagsOutside99, double baselineFractionOfLagsOutside99,
                                double lowToHighPowerRatio, double baselineLowToHighPowerRatio,
                                double gradNormDropFactor, double gradNormMaxOverMin) {
}
