package org.sgdvi.core.trajectory;

/**
 * Runs the trajectory experiment's analysis (PAPER.md section 5, Remarks 17/18) on any T x d
 * trajectory: drops the burn-in, computes per weight the increment amplitude spectrum
 * ({@link IncrementSpectrum}) and the auto-correlation ({@link AutoCorrelation}), averages them
 * over weights, repeats both for a {@link BrownianBaseline} with the same per-weight increment
 * variance, smooths the gradient norm by the pandas EWMA ({@link ExponentialMovingAverage}), and
 * condenses the result into a {@link TrajectoryVerdict}.
 *
 * <p>Cost for T = 10^5, d = 917: one FFT of length T - 1 and two of length 2^18 per weight
 * (trajectory and baseline each).
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
        int[] lags = options.lagStep() == 0 ? AutoCorrelation.defaultLags(n) : AutoCorrelation.lags(n, options.lagStep());
        Statistics own = Statistics.of(kept, lags);
        BrownianBaseline baseline = BrownianBaseline.matching(kept, options.baselineWeights(), options.seed());
        Statistics base = Statistics.of(baseline, lags);

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
                own.autocorrelation.fractionOfLagsOutside(own.autocorrelation.band99()),
                base.autocorrelation.fractionOfLagsOutside(base.autocorrelation.band99()),
                own.spectrum.lowToHighPowerRatio(options.bandFraction()),
                base.spectrum.lowToHighPowerRatio(options.bandFraction()),
                drop, maxOverMin);
        return new TrajectoryAnalysis(options, n, kept.dimension(), own.spectrum, own.autocorrelation,
                baseline.weights(), base.spectrum, base.autocorrelation, norm, ewma, verdict);
    }

    /** Spectrum and auto-correlation summaries from one pass over the weights. */
    private record Statistics(SpectrumSummary spectrum, AutoCorrelationSummary autocorrelation) {
        static Statistics of(TrajectoryMatrix m, int[] lags) {
            IncrementSpectrum fft = new IncrementSpectrum(m.length());
            AutoCorrelation ac = new AutoCorrelation(m.length(), lags);
            RunningMoments amplitude = new RunningMoments((m.length() - 1) / 2 + 1);
            RunningMoments correlation = new RunningMoments(lags.length);
            int constant = 0;
            for (int i = 0; i < m.dimension(); i++) {
                double[] x = m.series(i);
                amplitude.add(fft.amplitudes(x));
                double[] r = ac.of(x);
                if (r.length > 0 && Double.isNaN(r[0])) {
                    constant++;
                } else {
                    correlation.add(r);
                }
            }
            return new Statistics(
                    new SpectrumSummary(m.length() - 1, fft.frequencies(), amplitude.mean(), amplitude.std(),
                            amplitude.count()),
                    new AutoCorrelationSummary(m.length(), lags.clone(), correlation.mean(), correlation.std(),
                            correlation.count(), constant));
        }
    }
}
