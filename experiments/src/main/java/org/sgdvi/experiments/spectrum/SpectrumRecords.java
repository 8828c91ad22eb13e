package org.sgdvi.experiments.spectrum;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.sgdvi.core.spectrum.LogHistogram;
import org.sgdvi.core.spectrum.SpectrumResult;
import org.sgdvi.core.spectrum.SpectrumStatistics;

/**
 * The {@code results.json} entry of one spectrum of D(x) (eq. 2 of arXiv 1710.11029): its size, the
 * solver, lambda_max, the rank by numpy's rule (lambda &gt; lambda_max d eps), rank/d (the paper's
 * "highly low-rank" claim, Figs. 1-2), the mean, standard deviation and variance of the d
 * eigenvalues, the log-binned histogram (Fig. 1), and when eta and b are known the Remark 15
 * normalized temperature (eta/b) mean(lambda); {@code architectureScore} is the Remark 16 score
 * rank/d + var(lambda).
 *
 * @param d                     the dimension of D (trainable weights)
 * @param n                     the per-example gradients D was estimated from
 * @param dtype                 the precision D was computed in
 * @param solver                the eigensolver
 * @param eigenvaluesComputed   eigenvalues the solver returned
 * @param tail                  what the uncomputed eigenvalues are known to be
 * @param converged             whether an iterative solver converged
 * @param lambdaMax             the largest eigenvalue
 * @param epsilon               the machine epsilon of dtype
 * @param threshold             lambda_max d eps, the rank threshold
 * @param rank                  eigenvalues above the threshold
 * @param rankFraction          rank / d
 * @param mean                  mean of the d eigenvalues
 * @param std                   their standard deviation
 * @param variance              their variance
 * @param momentsFrom           where the mean, std and variance come from: "eigenvalues" (all d computed, or the
 *                              uncomputed ones zero), or "trace and Frobenius norm" (sum lambda = tr D and
 *                              sum lambda^2 = ||D||_F^2, exact for all d eigenvalues, the dense-lanczos route)
 * @param architectureScore     rank/d + var(lambda) (Remark 16)
 * @param normalizedTemperature (eta/b) mean(lambda) (Remark 15), or null (absent) when eta and b are unknown
 * @param histogram             the log-binned histogram of the eigenvalues
 * @param solverSeconds         the solver's time
 */
public record SpectrumRecords(long d, long n, String dtype, String solver, int eigenvaluesComputed, String tail,
                              boolean converged, double lambdaMax, double epsilon, double threshold, long rank,
                              double rankFraction, double mean, double std, double variance, String momentsFrom,
                              double architectureScore,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Double normalizedTemperature,
                              LogHistogram histogram, double solverSeconds) {

    /** The statistics of one spectrum; {@code eta} and {@code b} may be null (then no temperature). */
    public static SpectrumRecords of(SpectrumResult result, SpectrumStatistics s, long n, Double eta, Integer b) {
        return new SpectrumRecords(s.dimension(), n, result.dataType().name().toLowerCase(), result.solver(),
                result.eigenvalues().length, result.tail().name(), result.converged(), s.lambdaMax(), s.epsilon(),
                s.threshold(), s.rank(), s.rankFraction(), s.mean(), s.std(), s.variance(), momentsFrom(result),
                s.architectureScore(),
                eta != null && b != null ? s.normalizedTemperature(eta, b) : null, s.histogram(), result.seconds());
    }

    /** Where a result's mean and std come from, as {@code momentsFrom} says it. */
    public static String momentsFrom(SpectrumResult result) {
        return result.reference().momentsFromNorms() ? "trace and Frobenius norm" : "eigenvalues";
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
