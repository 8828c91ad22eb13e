package org.sgdvi.core.dynamics.linear;

import java.util.Arrays;

/**
 * Summary numbers of a symmetric matrix's spectrum (of the Hessian F or the diffusion matrix D).
 *
 * @param count       number of eigenvalues d
 * @param min         smallest eigenvalue
 * @param max         largest eigenvalue
 * @param mean        mean (trace / d)
 * @param std         population standard deviation (the paper's "mean +- std" of Figs. 1-2)
 * @param median      median
 * @param positive    eigenvalues &gt; floor
 * @param negative    eigenvalues &lt; -floor
 * @param unresolved  eigenvalues with |lambda| &lt;= floor
 * @param floor       the resolution floor used for the three counts (e.g. the finite-difference noise
 *                    of a Hessian, 0 for an exact sign count)
 * @param rank        numerical rank, lambda &gt; max|lambda| d eps with eps = float32 machine epsilon
 *                    (the rank of the paper's Figs. 1-2, numpy's matrix_rank rule)
 * @param smallest    up to 10 smallest eigenvalues, ascending (the most negative first)
 * @param largest     up to 10 largest eigenvalues, descending
 */
public record EigenvalueSummary(int count, double min, double max, double mean, double std, double median, int positive,
                                int negative, int unresolved, double floor, int rank, double[] smallest,
                                double[] largest) {

    /** float32 machine epsilon, the rank rule behind the paper's Figs. 1-2. */
    public static final double FLOAT32_EPS = 1.1920929e-07;
    private static final int EXTREMES = 10;

    /** Summarizes {@code eigenvalues} (any order; copied) with the resolution floor {@code floor >= 0}. */
    public static EigenvalueSummary of(double[] eigenvalues, double floor) {
        if (eigenvalues.length == 0) {
            throw new IllegalArgumentException("no eigenvalues to summarize; expected at least one");
        }
        if (!(floor >= 0)) {
            throw new IllegalArgumentException("resolution floor is " + floor + "; expected >= 0");
        }
        double[] s = eigenvalues.clone();
        Arrays.sort(s);
        int n = s.length;
        double sum = 0;
        double maxAbs = 0;
        int pos = 0;
        int neg = 0;
        for (double v : s) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("eigenvalue " + v + " is not finite");
            }
            sum += v;
            maxAbs = Math.max(maxAbs, Math.abs(v));
            if (v > floor) {
                pos++;
            } else if (v < -floor) {
                neg++;
            }
        }
        double mean = sum / n;
        double var = 0;
        for (double v : s) {
            var += (v - mean) * (v - mean);
        }
        double threshold = maxAbs * n * FLOAT32_EPS;
        int rank = 0;
        for (double v : s) {
            if (v > threshold) {
                rank++;
            }
        }
        double median = n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        int k = Math.min(EXTREMES, n);
        double[] largest = new double[k];
        for (int i = 0; i < k; i++) {
            largest[i] = s[n - 1 - i];
        }
        return new EigenvalueSummary(n, s[0], s[n - 1], mean, Math.sqrt(var / n), median, pos, neg, n - pos - neg, floor,
                rank, Arrays.copyOf(s, k), largest);
    }

    /**
     * The number of index pairs i &lt;= j with lambda_i + lambda_j &lt;= t (the pairs along which the
     * Lyapunov equation of Lemma 20 has no stationary solution when t = 0), in O(d log d).
     */
    public static long pairsWithSumAtMost(double[] eigenvalues, double t) {
        double[] s = eigenvalues.clone();
        Arrays.sort(s);
        long count = 0;
        int j = s.length - 1;
        for (int i = 0; i < s.length; i++) {
            while (j >= i && s[i] + s[j] > t) {
                j--;
            }
            if (j < i) {
                break;
            }
            count += j - i + 1;
        }
        return count;
    }
}
