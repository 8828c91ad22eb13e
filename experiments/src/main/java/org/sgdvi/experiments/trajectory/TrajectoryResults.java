package org.sgdvi.experiments.trajectory;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sgdvi.core.trajectory.AutoCorrelationSummary;
import org.sgdvi.core.trajectory.SpectrumSummary;
import org.sgdvi.core.trajectory.TrajectoryAnalysis;
import org.sgdvi.core.trajectory.TrajectoryStatistics;
import org.sgdvi.core.trajectory.TrajectoryVerdict;

/**
 * The {@code results.json} content of a trajectory analysis, as nested maps (NaN becomes null):
 * <pre>
 * trajectory               {snapshots, dimension, burnIn, source, gradNormSource}
 * fft                      {frequencies, meanAmplitude, stdAmplitude}        (Fig. 3a; 1/snapshot)
 * autocorrelation          {lags, mean, std}                                 (Fig. 3b)
 * bands                    {z95, z99}: half-widths z / sqrt(T) of the white-noise bands
 * incrementAutocorrelation {lags, mean, std, z95, z99}                       (increments, length T-1)
 * baseline                 {seed, weights, fft {...}, autocorrelation {...}, incrementAutocorrelation {...}}
 * gradNorm                 {centerOfMass, ewma} or absent                    (Fig. 3c)
 * verdict                  {the {@link TrajectoryVerdict} fields}
 * </pre>
 */
public final class TrajectoryResults {

    private TrajectoryResults() {
    }

    /** The results map of {@code analysis} of the trajectory read from {@code input}. */
    public static Map<String, Object> toMap(TrajectoryAnalysis analysis, TrajectoryInput input) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> trajectory = new LinkedHashMap<>();
        trajectory.put("snapshots", analysis.snapshots());
        trajectory.put("dimension", analysis.dimension());
        trajectory.put("burnIn", analysis.options().burnIn());
        trajectory.put("source", input == null ? null : input.source());
        trajectory.put("gradNormSource", input == null ? null : input.gradSource());
        root.put("trajectory", trajectory);
        TrajectoryStatistics own = analysis.trajectory();
        root.put("fft", fft(own.spectrum()));
        root.put("autocorrelation", autocorrelation(own.autocorrelation()));
        Map<String, Object> bands = new LinkedHashMap<>();
        bands.put("z95", own.autocorrelation().band95());
        bands.put("z99", own.autocorrelation().band99());
        root.put("bands", bands);
        root.put("incrementAutocorrelation", withBands(own.incrementAutocorrelation()));
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("seed", analysis.options().seed());
        baseline.put("weights", analysis.baselineWeights());
        baseline.put("fft", fft(analysis.baseline().spectrum()));
        baseline.put("autocorrelation", autocorrelation(analysis.baseline().autocorrelation()));
        baseline.put("incrementAutocorrelation", withBands(analysis.baseline().incrementAutocorrelation()));
        root.put("baseline", baseline);
        if (analysis.hasGradNorm()) {
            Map<String, Object> grad = new LinkedHashMap<>();
            grad.put("centerOfMass", analysis.options().centerOfMass());
            grad.put("ewma", finite(analysis.gradNormEwma()));
            root.put("gradNorm", grad);
        }
        root.put("verdict", verdict(analysis.verdict()));
        return root;
    }

    /** The verdict as a map with the record's component names (NaN as null). */
    public static Map<String, Object> verdict(TrajectoryVerdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fractionOfLagsOutside99", finite(v.fractionOfLagsOutside99()));
        m.put("baselineFractionOfLagsOutside99", finite(v.baselineFractionOfLagsOutside99()));
        m.put("incrementFractionOfLagsOutside99", finite(v.incrementFractionOfLagsOutside99()));
        m.put("baselineIncrementFractionOfLagsOutside99", finite(v.baselineIncrementFractionOfLagsOutside99()));
        m.put("lowToHighPowerRatio", finite(v.lowToHighPowerRatio()));
        m.put("baselineLowToHighPowerRatio", finite(v.baselineLowToHighPowerRatio()));
        m.put("gradNormDropFactor", finite(v.gradNormDropFactor()));
        m.put("gradNormMaxOverMin", finite(v.gradNormMaxOverMin()));
        return m;
    }

    private static Map<String, Object> fft(SpectrumSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frequencies", s.frequencies());
        m.put("meanAmplitude", finite(s.meanAmplitude()));
        m.put("stdAmplitude", finite(s.stdAmplitude()));
        return m;
    }

    private static Map<String, Object> autocorrelation(AutoCorrelationSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lags", s.lags());
        m.put("mean", finite(s.mean()));
        m.put("std", finite(s.std()));
        return m;
    }

    private static Map<String, Object> withBands(AutoCorrelationSummary s) {
        Map<String, Object> m = autocorrelation(s);
        m.put("z95", s.band95());
        m.put("z99", s.band99());
        return m;
    }

    private static Double finite(double v) {
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
