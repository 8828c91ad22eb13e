package org.sgdvi.experiments.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How much of the variance of y a 1-D smoothing fit in x explains: R^2 = 1 - SS_res / SS_tot with
 * SS_tot = sum_i (y_i - mean y)^2 and SS_res = sum_i (y_i - yhat_i)^2 for two smoothers:
 *
 * <ul>
 *   <li><b>binned mean</b>: yhat_i = the mean of y over the points with the same x (x values within
 *       1e-9 count as equal); this R^2 is the between-group share of variance of a one-way ANOVA
 *       (eta squared). With k groups and n points the adjusted value is
 *       1 - (SS_res / (n - k)) / (SS_tot / (n - 1)), which does not reward a predictor for simply
 *       having more distinct values (log(eta/b) on a grid has more than log(eta) or log(b)).</li>
 *   <li><b>local linear</b>: yhat_i = a_i, the intercept of the weighted least-squares line
 *       y ~ a_i + c_i (x - x_i) with Gaussian weights exp(-(x_j - x_i)^2 / (2 h^2)),
 *       h = {@code bandwidth} x (max x - min x); reproduces any straight line exactly and works for
 *       continuous x (random search) as well as for grids.</li>
 * </ul>
 * R^2 is NaN when y has no variance or there are fewer than 2 points; 0 when x is constant. The
 * binned R^2 is NaN when no two points share an x (it would be 1 trivially): use the local-linear
 * value for continuous predictors (random search, the Remark 15 temperature).
 */
public final class SmoothingFit {

    /** The default local-linear bandwidth, as a fraction of the range of x. */
    public static final double DEFAULT_BANDWIDTH = 0.2;

    /**
     * One predictor's fit (written to results.json as n, distinctValues, binnedR2, binnedAdjustedR2,
     * localLinearR2).
     *
     * @param n points
     * @param groups distinct x values
     * @param binnedR2 R^2 of the binned-mean fit
     * @param binnedAdjustedR2 its adjusted value (NaN when n <= groups)
     * @param localLinearR2 R^2 of the local-linear fit
     */
    @JsonPropertyOrder({"n", "distinctValues", "binnedR2", "binnedAdjustedR2", "localLinearR2"})
    public record Fit(int n, @JsonProperty("distinctValues") int groups, double binnedR2, double binnedAdjustedR2,
                      double localLinearR2) {
    }

    private SmoothingFit() {
    }

    /** Both fits of y on x with the default bandwidth. */
    public static Fit fit(double[] x, double[] y) {
        return fit(x, y, DEFAULT_BANDWIDTH);
    }

    /** Both fits of y on x. */
    public static Fit fit(double[] x, double[] y, double bandwidth) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " values and y " + y.length + "; expected equal lengths");
        }
        int n = x.length;
        double ssTot = sumOfSquares(y);
        double[] binned = binnedMeans(x, y);
        int k = distinct(x);
        double ssBin = residual(y, binned);
        double r2Bin = n < 2 || ssTot == 0 || k == n ? Double.NaN : 1 - ssBin / ssTot;
        double adj = n < 2 || ssTot == 0 || n <= k ? Double.NaN : 1 - (ssBin / (n - k)) / (ssTot / (n - 1));
        double r2Loc = n < 2 || ssTot == 0 ? Double.NaN : 1 - residual(y, localLinear(x, y, bandwidth)) / ssTot;
        return new Fit(n, k, r2Bin, adj, r2Loc);
    }

    /** The binned-mean fitted values. */
    public static double[] binnedMeans(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            int c = 0;
            for (int j = 0; j < x.length; j++) {
                if (Math.abs(x[j] - x[i]) <= 1e-9) {
                    s += y[j];
                    c++;
                }
            }
            out[i] = s / c;
        }
        return out;
    }

    /** The local-linear fitted values with bandwidth {@code bandwidth} x range(x). */
    public static double[] localLinear(double[] x, double[] y, double bandwidth) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double h = bandwidth * (hi - lo);
        double[] out = new double[x.length];
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        for (int i = 0; i < x.length; i++) {
            if (!(h > 0)) {
                out[i] = mean;
                continue;
            }
            // weighted moments sum w, sum w u, sum w y, sum w u^2, sum w u y of u = x_j - x_i
            double[] m = new double[5];
            for (int j = 0; j < x.length; j++) {
                double u = x[j] - x[i];
                double w = Math.exp(-0.5 * (u / h) * (u / h));
                m[0] += w;
                m[1] += w * u;
                m[2] += w * y[j];
                m[3] += w * u * u;
                m[4] += w * u * y[j];
            }
            double det = m[0] * m[3] - m[1] * m[1];
            out[i] = det > 1e-12 * m[0] * m[0] * h * h ? (m[3] * m[2] - m[1] * m[4]) / det : m[2] / m[0];
        }
        return out;
    }

    private static int distinct(double[] x) {
        double[] s = x.clone();
        java.util.Arrays.sort(s);
        int k = s.length == 0 ? 0 : 1;
        for (int i = 1; i < s.length; i++) {
            if (s[i] - s[i - 1] > 1e-9) {
                k++;
            }
        }
        return k;
    }

    private static double sumOfSquares(double[] y) {
        double m = 0;
        for (double v : y) {
            m += v;
        }
        m /= Math.max(1, y.length);
        double s = 0;
        for (double v : y) {
            s += (v - m) * (v - m);
        }
        return s;
    }

    private static double residual(double[] y, double[] fit) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (y[i] - fit[i]) * (y[i] - fit[i]);
        }
        return s;
    }
}
