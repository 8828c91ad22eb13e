package org.sgdvi.experiments.trajectory;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.sgdvi.core.trajectory.AutoCorrelationSummary;
import org.sgdvi.core.trajectory.SpectrumSummary;
import org.sgdvi.core.trajectory.TrajectoryAnalysis;
import org.sgdvi.core.trajectory.TrajectoryStatistics;
import org.sgdvi.core.trajectory.TrajectoryVerdict;

/**
 * The {@code results.json} of a trajectory analysis (Fig. 3 and Remarks 17/18 of arXiv 1710.11029;
 * NaN is written as null):
 * <pre>
 * trajectory               {snapshots, dimension, burnIn, source, gradNormSource}
 * fft                      {frequencies, meanAmplitude, stdAmplitude}        (Fig. 3a; 1/snapshot)
 * autocorrelation          {lags, mean, std}                                 (Fig. 3b)
 * bands                    {z95, z99}: half-widths z / sqrt(T) of the white-noise bands
 * incrementAutocorrelation {lags, mean, std, z95, z99}                       (increments, length T-1)
 * baseline                 {seed, weights, fft {...}, autocorrelation {...}, incrementAutocorrelation {...}}
 * gradNorm                 {centerOfMass, ewma} or absent                    (Fig. 3c)
 * verdict                  {the {@link TrajectoryVerdict} fields}
 * training                 {the numbers of the training run} or absent       (sgdvi trajectory only)
 * </pre>
 *
 * @param trajectory               what was analysed
 * @param fft                      the FFT of the increments, mean and std over weights
 * @param autocorrelation          the weights' auto-correlation
 * @param bands                    the white-noise bands of the auto-correlation
 * @param incrementAutocorrelation the increments' auto-correlation with its bands
 * @param baseline                 the same statistics of the Brownian baseline
 * @param gradNorm                 the EWMA of the full-gradient norm, or null (absent)
 * @param verdict                  the deciding numbers
 * @param training                 the training run that made the trajectory, or null (absent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrajectoryResults(Source trajectory, Fft fft, Correlation autocorrelation, Bands bands,
                                Correlation incrementAutocorrelation, Baseline baseline, GradNorm gradNorm,
                                Verdict verdict, TrajectoryTraining training) {

    /**
     * What was analysed.
     *
     * @param snapshots      snapshots after the burn-in T
     * @param dimension      weights d
     * @param burnIn         leading snapshots dropped
     * @param source         the trajectory file or store, or null
     * @param gradNormSource where the gradient norm came from, or null
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Source(int snapshots, int dimension, int burnIn, String source, String gradNormSource) {
    }

    /**
     * The FFT of increments: amplitude |rfft| over frequencies rfftfreq (1/snapshot).
     *
     * @param frequencies   the frequencies
     * @param meanAmplitude mean amplitude over weights (null where not finite)
     * @param stdAmplitude  its standard deviation over weights (null where not finite)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Fft(double[] frequencies, Double[] meanAmplitude, Double[] stdAmplitude) {
        static Fft of(SpectrumSummary s) {
            return new Fft(s.frequencies(), finite(s.meanAmplitude()), finite(s.stdAmplitude()));
        }
    }

    /**
     * An auto-correlation r(h) at lags h, mean and std over weights, with its bands when given.
     *
     * @param lags the lags
     * @param mean mean over weights (null where not finite)
     * @param std  standard deviation over weights (null where not finite)
     * @param z95  the 95% band z / sqrt(n), or null (absent)
     * @param z99  the 99% band, or null (absent)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Correlation(int[] lags, Double[] mean, Double[] std, Double z95, Double z99) {
        static Correlation of(AutoCorrelationSummary s) {
            return new Correlation(s.lags(), finite(s.mean()), finite(s.std()), null, null);
        }

        static Correlation withBands(AutoCorrelationSummary s) {
            return new Correlation(s.lags(), finite(s.mean()), finite(s.std()), s.band95(), s.band99());
        }
    }

    /**
     * The white-noise bands of the weights' auto-correlation.
     *
     * @param z95 1.96 / sqrt(T)
     * @param z99 2.58 / sqrt(T)
     */
    public record Bands(double z95, double z99) {
    }

    /**
     * The Brownian baseline: a Gaussian random walk with each weight's own increment variance.
     *
     * @param seed                     its seed
     * @param weights                  the weights it imitates
     * @param fft                      its increments' FFT
     * @param autocorrelation          its positions' auto-correlation
     * @param incrementAutocorrelation its increments' auto-correlation
     */
    public record Baseline(long seed, int[] weights, Fft fft, Correlation autocorrelation,
                           Correlation incrementAutocorrelation) {
    }

    /**
     * The full-gradient norm's EWMA (Fig. 3c).
     *
     * @param centerOfMass the EWMA's centre of mass
     * @param ewma         the EWMA per snapshot (null where not finite)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record GradNorm(double centerOfMass, Double[] ewma) {
    }

    /**
     * The {@link TrajectoryVerdict} with NaN as null.
     *
     * @param fractionOfLagsOutside99                  see {@link TrajectoryVerdict}
     * @param baselineFractionOfLagsOutside99          see {@link TrajectoryVerdict}
     * @param incrementFractionOfLagsOutside99         see {@link TrajectoryVerdict}
     * @param baselineIncrementFractionOfLagsOutside99 see {@link TrajectoryVerdict}
     * @param lowToHighPowerRatio                      see {@link TrajectoryVerdict}
     * @param baselineLowToHighPowerRatio              see {@link TrajectoryVerdict}
     * @param gradNormDropFactor                       see {@link TrajectoryVerdict}
     * @param gradNormMaxOverMin                       see {@link TrajectoryVerdict}
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Verdict(Double fractionOfLagsOutside99, Double baselineFractionOfLagsOutside99,
                          Double incrementFractionOfLagsOutside99, Double baselineIncrementFractionOfLagsOutside99,
                          Double lowToHighPowerRatio, Double baselineLowToHighPowerRatio, Double gradNormDropFactor,
                          Double gradNormMaxOverMin) {

        /** The verdict's numbers, NaN as null. */
        public static Verdict of(TrajectoryVerdict v) {
            return new Verdict(finite(v.fractionOfLagsOutside99()), finite(v.baselineFractionOfLagsOutside99()),
                    finite(v.incrementFractionOfLagsOutside99()), finite(v.baselineIncrementFractionOfLagsOutside99()),
                    finite(v.lowToHighPowerRatio()), finite(v.baselineLowToHighPowerRatio()),
                    finite(v.gradNormDropFactor()), finite(v.gradNormMaxOverMin()));
        }
    }

    /** The results of {@code analysis} of the trajectory read from {@code input} (may be null). */
    public static TrajectoryResults of(TrajectoryAnalysis analysis, TrajectoryInput input, TrajectoryTraining training) {
        TrajectoryStatistics own = analysis.trajectory();
        TrajectoryStatistics base = analysis.baseline();
        return new TrajectoryResults(
                new Source(analysis.snapshots(), analysis.dimension(), analysis.options().burnIn(),
                        input == null ? null : input.source(), input == null ? null : input.gradSource()),
                Fft.of(own.spectrum()), Correlation.of(own.autocorrelation()),
                new Bands(own.autocorrelation().band95(), own.autocorrelation().band99()),
                Correlation.withBands(own.incrementAutocorrelation()),
                new Baseline(analysis.options().seed(), analysis.baselineWeights(), Fft.of(base.spectrum()),
                        Correlation.of(base.autocorrelation()), Correlation.withBands(base.incrementAutocorrelation())),
                analysis.hasGradNorm() ? new GradNorm(analysis.options().centerOfMass(), finite(analysis.gradNormEwma()))
                        : null,
                Verdict.of(analysis.verdict()), training);
    }

    /** {@code v}, or null when it is NaN or infinite (JSON has neither). */
    static Double finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    private static Double[] finite(double[] values) {
        Double[] out = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = finite(values[i]);
        }
        return out;
    }
}
