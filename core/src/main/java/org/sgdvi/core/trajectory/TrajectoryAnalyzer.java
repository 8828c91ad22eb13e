package org.sgdvi.core.trajectory;

/**
 * Runs the trajectory experiment's analysis (the paper's Fig. 3, Remarks 17/18) on any T x d
 * trajectory: drops the burn-in, computes per weight the increment amplitude spectrum
 * ({@link IncrementSpectrum}) and the auto-correlations of positions and increments
 * ({@link AutoCorrelation}), averages them over weights ({@link TrajectoryStatistics}), repeats
 * all of it for a {@link BrownianBaseline} with the same per-weight increment variance, smooths the gradient norm by the pandas EWMA ({@link ExponentialMovingAverage}), and
 * condenses the result into a {@link TrajectoryVerdict}.
 *
 * <p>Cost for T = 10^5, d = 917: per weight one FFT of length T - 1 and four of length 2^18,
 * for the trajectory and again for the baseline.
 */
public final class TrajectoryAnalyzer {

    /** Fewest snapshots (after burn-in) the analysis accepts. */
    public static final int MIN_SNAPSHOTS = 4;

    private TrajectoryAnalyzer() {
    }

    /**
     * @param trajectory T x d trajectory (before burn-in)
     * @param gradNorm   per-snapshot full-gradient norm of length T (before burn-in), or null
     * @param options    settings
     * @throws IllegalArgumentException if fewer than {@link #MIN_SNAPSHOTS} snapshots remain after
     *                                  burn-in, d = 0, or the gradient norm's length differs from T
     */
    public static TrajectoryAnalysis analyze(TrajectoryMatrix trajectory, double[] gradNorm,
                                             TrajectoryAnalysisOptions options) {
        int burnIn = options.burnIn();
        if (trajectory.length() - burnIn < MIN_SNAPSHOTS) {
            throw new IllegalArgumentException("the trajectory has " + trajectory.length() + " snapshots; after a burn-in of "
                    + burnIn + " fewer than " + MIN_SNAPSHOTS + " remain");
        }
        if (trajectory.dimension() < 1) {
            throw new IllegalArgumentException("the trajectory has no weights");
        }
        if (gradNorm != null && gradNorm.length != trajectory.length()) {
            throw new IllegalArgumentException("the gradient norm has " + gradNorm.length
                    + " values but the trajectory has " + trajectory.length() + " snapshots; they must match");
        }
        TrajectoryMatrix kept = trajectory.dropFirst(burnIn);
        int n = kept.length();
        int[] lags = lagsFor(n, options.lagStep());
        int[] incrementLags = lagsFor(n - 1, options.lagStep());
        TrajectoryStatistics own = TrajectoryStatistics.of(kept, lags, incrementLags);
        BrownianBaseline baseline = BrownianBaseline.matching(kept, options.baselineWeights(), options.seed());
        TrajectoryStatistics base = TrajectoryStatistics.of(baseline, lags, incrementLags);

        double[] norm = null;
        double[] ewma = null;
        double drop = Double.NaN;
        double maxOverMin = Double.NaN;
        if (gradNorm != null) {
            norm = java.util.Arrays.copyOfRange(gradNorm, burnIn, gradNorm.length);
            ewma = ExponentialMovingAverage.adjusted(norm, options.centerOfMass());
            double first = Double.NaN;
            double last = Double.NaN;
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (double v : ewma) {
                if (Double.isNaN(v)) {
                    continue;
                }
                if (Double.isNaN(first)) {
                    first = v;
                }
                last = v;
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
            drop = first / last;
            maxOverMin = Double.isNaN(first) ? Double.NaN : max / min;
        }
        TrajectoryVerdict verdict = new TrajectoryVerdict(
                outside99(own.autocorrelation()), outside99(base.autocorrelation()),
                outside99(own.incrementAutocorrelation()), outside99(base.incrementAutocorrelation()),
                own.spectrum().lowToHighPowerRatio(options.bandFraction()),
                base.spectrum().lowToHighPowerRatio(options.bandFraction()),
                drop, maxOverMin);
        return new TrajectoryAnalysis(options, n, kept.dimension(), own, baseline.weights(), base, norm, ewma,
                verdict);
    }

    private static int[] lagsFor(int n, int step) {
        return step == 0 ? AutoCorrelation.defaultLags(n) : AutoCorrelation.lags(n, step);
    }

    private static double outside99(AutoCorrelationSummary s) {
        return s.fractionOfLagsOutside(s.band99());
    }
}
