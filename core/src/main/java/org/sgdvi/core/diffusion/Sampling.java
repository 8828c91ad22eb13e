package org.sgdvi.core.diffusion;

/**
 * How mini-batches are drawn, which fixes the normalisation of the diffusion matrix.
 *
 * <ul>
 *   <li>{@link #WITH_REPLACEMENT}: D = (1/N) sum_k g_k g_k^T - gbar gbar^T (the paper's eq. (2)), and the
 *       mean gradient of b examples drawn independently has covariance D / b.</li>
 *   <li>{@link #WITHOUT_REPLACEMENT}: D' = N/(N-1) D (appendix A2), and the mean gradient of b
 *       distinct examples has covariance D' (1/b)(1 - b/N), the finite-population correction.</li>
 * </ul>
 */
public enum Sampling {
    /** Independent draws; the paper's eq. (2). */
    WITH_REPLACEMENT,
    /** b distinct examples per batch; the paper's appendix A2 and Remark 12. */
    WITHOUT_REPLACEMENT;

    /**
     * The factor that turns the population covariance D into this sampling's diffusion matrix:
     * 1 with replacement, N/(N-1) without.
     *
     * @param n the number of examples N
     */
    public double populationFactor(long n) {
        if (n < 1 || (this == WITHOUT_REPLACEMENT && n < 2)) {
            throw new IllegalArgumentException("example count N = " + n + " is too small for " + this
                    + "; expected N >= " + (this == WITHOUT_REPLACEMENT ? 2 : 1));
        }
        return this == WITH_REPLACEMENT ? 1.0 : (double) n / (n - 1);
    }

    /**
     * The divisor that turns the centred scatter sum_k (g_k - gbar)(g_k - gbar)^T into this
     * sampling's diffusion matrix: N with replacement, N - 1 without.
     *
     * @param n the number of examples N
     */
    public long scatterDivisor(long n) {
        populationFactor(n);
        return this == WITH_REPLACEMENT ? n : n - 1;
    }

    /**
     * The factor that turns this sampling's diffusion matrix into the covariance of a mini-batch mean
     * gradient of size b: 1/b with replacement, (1/b)(1 - b/N) without.
     *
     * @param n the number of examples N
     * @param b the batch size
     */
    public double minibatchCovarianceFactor(long n, long b) {
        if (b < 1 || (this == WITHOUT_REPLACEMENT && b > n)) {
            throw new IllegalArgumentException("batch size b = " + b + " is out of range for " + this
                    + " with N = " + n + "; expected 1 <= b" + (this == WITHOUT_REPLACEMENT ? " <= N" : ""));
        }
        return this == WITH_REPLACEMENT ? 1.0 / b : (1.0 / b) * (1.0 - (double) b / n);
    }
}
