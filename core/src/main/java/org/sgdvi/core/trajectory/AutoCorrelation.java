package org.sgdvi.core.trajectory;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Biased sample auto-correlation of a weight's series, exactly as for the paper's Fig. 3 (and
 * pandas {@code autocorrelation_plot}): with mu the mean of x_0..x_{n-1},
 * c0 = sum_t (x_t - mu)^2 / n and
 * r(h) = sum_{t=0}^{n-1-h} (x_t - mu)(x_{t+h} - mu) / n / c0.
 *
 * <p>Lags: by default 0, s, 2s, ... (all below n) with s = max(1, n / 100) in integer
 * division, i.e. about 100 lags spread over the whole series. Confidence bands for white noise:
 * +- z / sqrt(n) with {@link #Z95} and {@link #Z99}.
 *
 * <p>The lag sums are computed for all lags at once by the Wiener-Khinchin route: the centred
 * series is zero-padded to a power of two m &gt;= 2n - 1 (so the circular correlation has no
 * wrap-around), transformed with JTransforms {@code realForward}, replaced by its power
 * |Y_k|^2, and transformed back with {@code realInverse}; O(m log m) per weight. A series with
 * c0 = 0 (a weight that never moves) has no auto-correlation: NaN at every lag.
 * An instance is tied to one series length and lag set and is reused across weights (not
 * thread-safe).
 */
public final class AutoCorrelation {

    /** Two-sided 95% normal quantile (pandas autocorrelation_plot). */
    public static final double Z95 = 1.959963984540054;
    /** Two-sided 99% normal quantile (pandas autocorrelation_plot). */
    public static final double Z99 = 2.5758293035489004;

    private final int length;
    private final int[] lags;
    private final int padded;
    private final DoubleFFT_1D fft;

    /**
     * @param length number of snapshots n of each series (at least 2)
     * @param lags   lags to report, each in [0, n)
     */
    public AutoCorrelation(int length, int[] lags) {
        if (length < 2) {
            throw new IllegalArgumentException("auto-correlation needs at least 2 snapshots, got " + length);
        }
        for (int h : lags) {
            if (h < 0 || h >= length) {
                throw new IllegalArgumentException("lag " + h + " is outside [0, " + length + ")");
            }
        }
        this.length = length;
        this.lags = lags.clone();
        int m = Integer.highestOneBit(2 * length - 1);
        this.padded = m == 2 * length - 1 ? m : 2 * m;
        this.fft = new DoubleFFT_1D(padded);
    }

    /** Default lags for a series of n snapshots: 0, s, 2s, ... &lt; n with s = max(1, n / 100). */
    public static int[] defaultLags(int n) {
        return lags(n, Math.max(1, n / 100));
    }

    /** Lags 0, step, 2 step, ... &lt; n. */
    public static int[] lags(int n, int step) {
        if (step < 1) {
            throw new IllegalArgumentException("lag step must be at least 1, got " + step);
        }
        int count = (n - 1) / step + 1;
        int[] h = new int[Math.max(0, count)];
        for (int j = 0; j < h.length; j++) {
            h[j] = j * step;
        }
        return h;
    }

    /** Half-width of the white-noise confidence band: z / sqrt(n). */
    public static double band(double z, int n) {
        return z / Math.sqrt(n);
    }

    /** The lags (a copy). */
    public int[] lags() {
        return lags.clone();
    }

    /** r(h) at this instance's lags; all NaN if the series is constant (c0 = 0). */
    public double[] of(double[] series) {
        if (series.length != length) {
            throw new IllegalArgumentException("series has " + series.length + " snapshots, expected " + length);
        }
        double mu = 0;
        for (double v : series) {
            mu += v;
        }
        mu /= length;
        double[] a = new double[padded];
        double sumSquares = 0;
        for (int t = 0; t < length; t++) {
            double y = series[t] - mu;
            a[t] = y;
            sumSquares += y * y;
        }
        double[] r = new double[lags.length];
        if (sumSquares == 0) {
            java.util.Arrays.fill(r, Double.NaN);
            return r;
        }
        fft.realForward(a);
        // Power spectrum in the same packed layout (m is even): a[0], a[1] are real (DC, Nyquist).
        a[0] = a[0] * a[0];
        a[1] = a[1] * a[1];
        for (int k = 1; k < padded / 2; k++) {
            double re = a[2 * k];
            double im = a[2 * k + 1];
            a[2 * k] = re * re + im * im;
            a[2 * k + 1] = 0;
        }
        fft.realInverse(a, true);
        // a[h] = sum_t y_t y_{t+h}; r(h) = a[h] / n / c0 = a[h] / sumSquares. a[0] equals sumSquares.
        for (int j = 0; j < lags.length; j++) {
            r[j] = a[lags[j]] / sumSquares;
        }
        return r;
    }

    /**
     * Mean and population std over weights of r(h), skipping constant weights.
     *
     * @param lags lags to report (see {@link #defaultLags})
     */
    public static AutoCorrelationSummary summarize(TrajectoryMatrix trajectory, int[] lags) {
        AutoCorrelation ac = new AutoCorrelation(trajectory.length(), lags);
        RunningMoments moments = new RunningMoments(lags.length);
        int constant = 0;
        for (int i = 0; i < trajectory.dimension(); i++) {
            double[] r = ac.of(trajectory.series(i));
            if (r.length > 0 && Double.isNaN(r[0])) {
                constant++;
            } else {
                moments.add(r);
            }
        }
        return new AutoCorrelationSummary(trajectory.length(), lags.clone(), moments.mean(), moments.std(),
                moments.count(), constant);
    }
}
