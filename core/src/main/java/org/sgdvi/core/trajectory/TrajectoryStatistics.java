package org.sgdvi.core.trajectory;

/**
 * The three over-weights summaries of one trajectory, computed in a single pass over its
 * weights: the increment amplitude spectrum (Fig. 3a), the auto-correlation of the positions
 * x^i_k (Fig. 3b) and the auto-correlation of the increments dx^i_k.
 *
 * <p>Why both auto-correlations: the positions of a random walk are themselves strongly
 * correlated (for a Gaussian walk of any length, r(n/10) is about 0.44 on average), so only the
 * increments of Brownian motion fall inside the white-noise bands "at once" (Remark 18); the
 * position auto-correlation must be compared with the {@link BrownianBaseline}'s.
 *
 * @param spectrum                 increment amplitude spectrum over weights
 * @param autocorrelation          auto-correlation of the positions over weights
 * @param incrementAutocorrelation auto-correlation of the increments over weights (length T - 1)
 */
public record TrajectoryStatistics(SpectrumSummary spectrum, AutoCorrelationSummary autocorrelation,
                                   AutoCorrelationSummary incrementAutocorrelation) {

    /**
     * Computes all three summaries.
     *
     * @param trajectory    at least 3 snapshots
     * @param lags          lags for the positions (each &lt; T)
     * @param incrementLags lags for the increments (each &lt; T - 1)
     */
    public static TrajectoryStatistics of(TrajectoryMatrix trajectory, int[] lags, int[] incrementLags) {
        int t = trajectory.length();
        if (t < 3) {
            throw new IllegalArgumentException("trajectory statistics need at least 3 snapshots, got " + t);
        }
        IncrementSpectrum fft = new IncrementSpectrum(t);
        AutoCorrelation positions = new AutoCorrelation(t, lags);
        AutoCorrelation steps = new AutoCorrelation(t - 1, incrementLags);
        RunningMoments amplitude = new RunningMoments((t - 1) / 2 + 1);
        RunningMoments correlation = new RunningMoments(lags.length);
        RunningMoments incrementCorrelation = new RunningMoments(incrementLags.length);
        int constant = 0;
        int constantSteps = 0;
        double[] dx = new double[t - 1];
        for (int i = 0; i < trajectory.dimension(); i++) {
            double[] x = trajectory.series(i);
            amplitude.add(fft.amplitudes(x));
            double[] r = positions.of(x);
            if (r.length > 0 && Double.isNaN(r[0])) {
                constant++;
            } else {
                correlation.add(r);
            }
            for (int k = 0; k < dx.length; k++) {
                dx[k] = x[k + 1] - x[k];
            }
            double[] q = steps.of(dx);
            if (q.length > 0 && Double.isNaN(q[0])) {
                constantSteps++;
            } else {
                incrementCorrelation.add(q);
            }
        }
        return new TrajectoryStatistics(
                new SpectrumSummary(t - 1, fft.frequencies(), amplitude.mean(), amplitude.std(), amplitude.count()),
                new AutoCorrelationSummary(t, lags.clone(), correlation.mean(), correlation.std(),
                        correlation.count(), constant),
                new AutoCorrelationSummary(t - 1, incrementLags.clone(), incrementCorrelation.mean(),
                        incrementCorrelation.std(), incrementCorrelation.count(), constantSteps));
    }
}
