package org.sgdvi.experiments.spectrum;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sgdvi.core.spectrum.SpectrumResult;
import org.sgdvi.core.spectrum.SpectrumStatistics;

/**
 * The {@code results.json} entry of one spectrum (camelCase keys): d, n, dtype, solver, lambdaMax,
 * threshold, rank, rankFraction, mean, std, histogram, and when eta and b are known the Remark 15
 * normalized temperature (eta/b) mean(lambda) and the Remark 16 score rank/d + var(lambda).
 */
public final class SpectrumRecords {

    private SpectrumRecords() {
    }

    /** The statistics of one spectrum as a JSON-ready map. */
    public static Map<String, Object> of(SpectrumResult result, SpectrumStatistics s, long n, Double eta, Integer b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("d", s.dimension());
        m.put("n", n);
        m.put("dtype", result.dataType().name().toLowerCase());
        m.put("solver", result.solver());
        m.put("eigenvaluesComputed", result.eigenvalues().length);
        m.put("tail", result.tail().name());
        m.put("converged", result.converged());
        m.put("lambdaMax", s.lambdaMax());
        m.put("epsilon", s.epsilon());
        m.put("threshold", s.threshold());
        m.put("rank", s.rank());
        m.put("rankFraction", s.rankFraction());
        m.put("mean", s.mean());
        m.put("std", s.std());
        m.put("variance", s.variance());
        m.put("architectureScore", s.architectureScore());
        if (eta != null && b != null) {
            m.put("normalizedTemperature", s.normalizedTemperature(eta, b));
        }
        // insertion order, so results.json is the same from run to run (Map.of's order is not)
        Map<String, Object> histogram = new LinkedHashMap<>();
        histogram.put("edges", s.histogram().edges());
        histogram.put("counts", s.histogram().counts());
        m.put("histogram", histogram);
        m.put("solverSeconds", result.seconds());
        return m;
    }

    /** All d eigenvalues when the solver knows the uncomputed ones are zero; the computed ones otherwise. */
    public static double[] fullSpectrum(SpectrumResult result) {
        double[] eig = result.eigenvalues();
        if (result.tail() == SpectrumResult.Tail.ZERO && eig.length < result.dimension()) {
            double[] all = new double[Math.toIntExact(result.dimension())];
            System.arraycopy(eig, 0, all, 0, eig.length);
            return all;
        }
        return eig;
    }
}
