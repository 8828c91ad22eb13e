package org.sgdvi.core.trajectory;

/**
 * Settings of {@link TrajectoryAnalyzer}.
 *
 * @param burnIn          snapshots dropped from the start (the paper drops 10^3 epochs)
 * @param lagStep         auto-correlation lag step; 0 means max(1, n / 100)
 * @param baselineWeights weights imitated by the Brownian baseline; 0 means all
 * @param seed            seed of the baseline
 * @param centerOfMass    EWMA centre of mass for the gradient norm (paper: 100)
 * @param bandFraction    fraction of the non-zero frequencies in each band of the
 *                        low-to-high power ratio (0.1)
 */
public record TrajectoryAnalysisOptions(int burnIn, int lagStep, int baselineWeights, long seed,
                                        double centerOfMass, double bandFraction) {

    /** Validates the fields. */
    public TrajectoryAnalysisOptions {
        if (burnIn < 0) {
            throw new IllegalArgumentException("burn-in must be >= 0, got " + burnIn);
        }
        if (lagStep < 0) {
            throw new IllegalArgumentException("lag step must be >= 0 (0 = automatic), got " + lagStep);
        }
        if (baselineWeights < 0) {
            throw new IllegalArgumentException("baseline weights must be >= 0 (0 = all), got " + baselineWeights);
        }
        if (!(centerOfMass >= 0)) {
            throw new IllegalArgumentException("centre of mass must be >= 0, got " + centerOfMass);
        }
        if (!(bandFraction > 0 && bandFraction <= 0.5)) {
            throw new IllegalArgumentException("band fraction must be in (0, 0.5], got " + bandFraction);
        }
    }

    /** No burn-in, automatic lags, all weights in the baseline, seed 0, com 100, 10% bands. */
    public static TrajectoryAnalysisOptions defaults() {
        return new TrajectoryAnalysisOptions(0, 0, 0, 0L, ExponentialMovingAverage.PAPER_CENTER_OF_MASS,
                SpectrumSummary.DEFAULT_BAND_FRACTION);
    }

    /** A copy with another burn-in. */
    public TrajectoryAnalysisOptions withBurnIn(int value) {
        return new TrajectoryAnalysisOptions(value, lagStep, baselineWeights, seed, centerOfMass, bandFraction);
    }

    /** A copy with another lag step. */
    public TrajectoryAnalysisOptions withLagStep(int value) {
        return new TrajectoryAnalysisOptions(burnIn, value, baselineWeights, seed, centerOfMass, bandFraction);
    }

    /** A copy with another number of baseline weights. */
    public TrajectoryAnalysisOptions withBaselineWeights(int value) {
        return new TrajectoryAnalysisOptions(burnIn, lagStep, value, seed, centerOfMass, bandFraction);
    }

    /** A copy with another seed. */
    public TrajectoryAnalysisOptions withSeed(long value) {
        return new TrajectoryAnalysisOptions(burnIn, lagStep, baselineWeights, value, centerOfMass, bandFraction);
    }
}
