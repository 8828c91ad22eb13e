package org.sgdvi.core.curvature;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.stat.StatUtils;

/**
 * The tail index alpha of a sample X_1..X_n of (centered) gradient noise, which tests the Gaussian-noise assumption
 * behind the continuous-time model of SGD (Lemma 2 of arXiv 1710.11029: the mini-batch noise is Gaussian with
 * covariance D(x)/b). Two estimators:
 * <ul>
 *   <li><b>Hill</b> (Hill 1975): with |X|_(1) &gt;= |X|_(2) &gt;= ... the order statistics of |X| and k of them
 *   used, alpha_H = [ (1/k) sum_{i=1}^k log |X|_(i) - log |X|_(k+1) ]^{-1}, the power-law exponent of the tail
 *   P(|X| &gt; t) ~ t^{-alpha}; asymptotic standard error alpha_H / sqrt(k). Light (Gaussian) tails have no finite
 *   exponent: alpha_H then grows with n and k, far above 2; alpha_H below 2 means infinite variance.</li>
 *   <li><b>Mohammadi, Mohammadpour &amp; Ogata (2015)</b>, as used by Simsekli, Sagun &amp; Gurbuzbalaban (2019,
 *   Theorem 2 there): for a symmetric alpha-stable sample, n = K_1 K_2 split into K_2 consecutive blocks of K_1,
 *   Y_j = sum of block j; since Y_j has the law of K_1^{1/alpha} X,
 *   1/alpha_M = (1 / log K_1) ( (1/K_2) sum_{j=1}^{K_2} log |Y_j| - (1/n) sum_{i=1}^n log |X_i| ),
 *   which converges to 1/alpha as K_2 grows. alpha_M lies in (0, 2]: 2 for Gaussian noise (the stable law with
 *   finite variance), below 2 for heavy-tailed noise. Its standard error is alpha_M^2 times the standard deviation
 *   of 1/alpha over a seeded nonparametric bootstrap (the delta method on the statistic that is linear in the
 *   logs).</li>
 * </ul>
 * Where a sample admits no estimate (ties or zeros at the top for Hill; mean log |Y| - mean log |X| &lt;= 0 for
 * Mohammadi, which no stable law produces), alpha is NaN and {@link Estimate#note} says why: a property of the
 * sample, not a numerical failure.
 */
public final class TailIndex {

    /**
     * An estimate of alpha.
     *
     * @param alpha         the estimate
     * @param standardError its standard error
     * @param used          k order statistics (Hill) or the block size K_1 (Mohammadi)
     * @param samples       n samples used (Mohammadi: K_1 K_2, the first n of the sample)
     * @param note          empty, or why the sample admits no estimate (alpha and its error are then NaN)
     */
    public record Estimate(double alpha, double standardError, int used, int samples, String note) {
    }

    private TailIndex() {
    }

    /** The default k of Hill's estimator: floor(sqrt(n)), at least 2. */
    public static int defaultOrderStatistics(int n) {
        return Math.max(2, (int) Math.floor(Math.sqrt(n)));
    }

    /** The default block size K_1 of Mohammadi's estimator: floor(sqrt(n)), at least 2 (so K_2 is about K_1). */
    public static int defaultBlockSize(int n) {
        return Math.max(2, (int) Math.floor(Math.sqrt(n)));
    }

    /**
     * Hill's estimator on the k largest |x_i|.
     *
     * @throws IllegalArgumentException unless 1 &lt;= k &lt; n
     */
    public static Estimate hill(double[] x, int k) {
        if (k < 1 || k >= x.length) {
            throw new IllegalArgumentException("Hill's k = " + k + " for n = " + x.length
                    + " samples: expected 1 <= k < n order statistics");
        }
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = Math.abs(x[i]);
        }
        Arrays.sort(a);
        int n = a.length;
        double threshold = Math.log(a[n - 1 - k]);
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += Math.log(a[n - 1 - i]);
        }
        double excess = s / k - threshold;
        if (!(excess > 0 && Double.isFinite(excess))) {
            return new Estimate(Double.NaN, Double.NaN, k, n, "the " + (k + 1) + " largest |x| are tied or the "
                    + (k + 1) + "-th is 0: no power-law tail to fit");
        }
        double alpha = 1 / excess;
        return new Estimate(alpha, alpha / Math.sqrt(k), k, n, "");
    }

    /**
     * Mohammadi et al.'s estimator with blocks of {@code blockSize} (K_1), on the first K_1 floor(n / K_1) samples.
     *
     * @param bootstrap replicates of the standard error (resampling the used samples with replacement)
     * @param rng       seeds the bootstrap
     * @throws IllegalArgumentException unless K_1 &gt;= 2 and there are at least 2 blocks
     */
    public static Estimate mohammadi(double[] x, int blockSize, int bootstrap, Random rng) {
        int blocks = blockSize < 2 ? 0 : x.length / blockSize;
        if (blocks < 2) {
            throw new IllegalArgumentException("Mohammadi's block size K_1 = " + blockSize + " for n = " + x.length
                    + " samples: expected K_1 >= 2 and at least 2 blocks");
        }
        int n = blocks * blockSize;
        double[] used = Arrays.copyOf(x, n);
        for (double v : used) {
            if (v == 0 || !Double.isFinite(v)) {
                return new Estimate(Double.NaN, Double.NaN, blockSize, n, "a sample is 0 or not finite: log |x| undefined");
            }
        }
        double inverse = inverseAlpha(used, blockSize);
        if (!(inverse > 0)) {
            return new Estimate(Double.NaN, Double.NaN, blockSize, n, String.format(java.util.Locale.ROOT,
                    "mean log |Y| - mean log |X| = %.3g <= 0 over %d blocks: no stable law fits (too few blocks or "
                            + "dependent samples)", inverse * Math.log(blockSize), blocks));
        }
        double alpha = 1 / inverse;
        double[] reps = new double[bootstrap];
        double[] resample = new double[n];
        for (int r = 0; r < bootstrap; r++) {
            for (int i = 0; i < n; i++) {
                resample[i] = used[rng.nextInt(n)];
            }
            reps[r] = inverseAlpha(resample, blockSize);
        }
        double se = bootstrap > 1 ? alpha * alpha * Math.sqrt(StatUtils.variance(reps)) : Double.NaN;
        return new Estimate(alpha, se, blockSize, n, "");
    }

    /** 1/alpha_M = (mean log |Y| - mean log |X|) / log K_1. */
    private static double inverseAlpha(double[] x, int blockSize) {
        int blocks = x.length / blockSize;
        double logX = 0;
        for (double v : x) {
            logX += Math.log(Math.abs(v));
        }
        logX /= x.length;
        double logY = 0;
        for (int j = 0; j < blocks; j++) {
            double y = 0;
            for (int i = 0; i < blockSize; i++) {
                y += x[j * blockSize + i];
            }
            logY += Math.log(Math.abs(y));
        }
        logY /= blocks;
        return (logY - logX) / Math.log(blockSize);
    }
}
