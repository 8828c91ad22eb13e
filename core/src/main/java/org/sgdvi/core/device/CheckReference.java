package org.sgdvi.core.device;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The reference the GPU check compares with, computed on the CPU where the check is prepared: the
 * spiked gradient matrix's parameters and the eigenvalues of its D found in r dimensions.
 *
 * @param seed the generator's seed
 * @param rows K
 * @param dimension d
 * @param rank r, the number of nonzero eigenvalues in exact arithmetic
 * @param eigenvalues the r nonzero eigenvalues of D, descending (the other d - r are zero)
 * @param trace tr D
 * @param frobeniusSquared ||D||_F^2
 * @param numpyRank the rank of D by numpy's rule in float32 (lambda > lambda_max d eps)
 * @param method how the eigenvalues were computed
 * @param seconds the CPU time it took
 */
public record CheckReference(@JsonProperty("seed") long seed, @JsonProperty("rows") int rows,
                             @JsonProperty("dimension") int dimension, @JsonProperty("rank") int rank,
                             @JsonProperty("eigenvalues") double[] eigenvalues, @JsonProperty("trace") double trace,
                             @JsonProperty("frobeniusSquared") double frobeniusSquared,
                             @JsonProperty("numpyRank") int numpyRank, @JsonProperty("method") String method,
                             @JsonProperty("seconds") double seconds) {

    /** float32's machine epsilon, 2^-23, as numpy's rank rule uses it. */
    public static final double FLOAT32_EPS = Math.ulp(1.0f);

    /** The generator these parameters describe. */
    public SpikedGradients generator() {
        return new SpikedGradients(seed, rows, dimension, SpikedGradients.spikedTheta(rank));
    }

    /** The largest eigenvalue. */
    public double lambdaMax() {
        return eigenvalues[0];
    }

    /** numpy's rank of d eigenvalues (the ones not given being zero): the count above lambda_max d eps. */
    public static int numpyRank(double[] values, int d) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double tol = max * d * FLOAT32_EPS;
        int rank = 0;
        for (double v : values) {
            if (v > tol) {
                rank++;
            }
        }
        return rank;
    }
}
