package org.sgdvi.core.trajectory;

/**
 * Mean and population standard deviation over weights of the increment amplitudes
 * |rfft(dx^i)| per frequency (see {@link IncrementSpectrum}; Fig. 3a of the paper).
 *
 * @param increments    n = T - 1, the transform length
 * @param frequencies   m / n, m = 0..floor(n/2), in cycles per snapshot
 * @param meanAmplitude mean over weights of |X_m|
 * @param stdAmplitude  population std (ddof = 0) over weights of |X_m|
 * @param weights       number of weights averaged
 */
public record SpectrumSummary(int increments, double[] frequencies, double[] meanAmplitude, double[] stdAmplitude,
                              int weights) {

    /** Default band: the lowest and highest 10% of the non-zero frequencies. */
    public static final double DEFAULT_BAND_FRACTION = 0.1;

    /**
     * Mean power over weights per frequency: mean_i |X^i_m|^2 = meanAmplitude^2 + stdAmplitude^2.
     */
    public double[] meanPower() {
        double[] p = new double[meanAmplitude.length];
        for (int m = 0; m < p.length; m++) {
            p[m] = meanAmplitude[m] * meanAmplitude[m] + stdAmplitude[m] * stdAmplitude[m];
        }
        return p;
    }

    /**
     * Low-to-high frequency power ratio: with M = floor(n/2) non-zero frequencies and
     * b = max(1, floor(fraction * M)), the mean of {@link #meanPower()} over frequencies 1..b
     * divided by its mean over M-b+1..M. About 1 for white increments (Brownian motion); well
     * above 1 when low-frequency modes dominate. NaN when n &lt; 2.
     */
    public double lowToHighPowerRatio(double fraction) {
        if (!(fraction > 0 && fraction <= 0.5)) {
            throw new IllegalArgumentException("band fraction must be in (0, 0.5], got " + fraction);
        }
        int nonZero = meanAmplitude.length - 1;
        if (nonZero < 1) {
            return Double.NaN;
        }
        int band = Math.max(1, (int) Math.floor(fraction * nonZero));
        double[] p = meanPower();
        double low = 0;
        double high = 0;
        for (int j = 0; j < band; j++) {
            low += p[1 + j];
            high += p[nonZero - j];
        }
        return low / high;
    }
}
