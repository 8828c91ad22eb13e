package org.sgdvi.core.trajectory;

/**
 * Mean and population standard deviation over weights of the auto-correlation r(h) (see
 * {@link AutoCorrelation}; Fig. 3b of the paper) with the white-noise confidence bands.
 *
 * @param length          series length n
 * @param lags            the lags h
 * @param mean            mean over weights of r(h)
 * @param std             population std (ddof = 0) over weights of r(h)
 * @param weights         number of weights averaged
 * @param constantWeights number of weights skipped because their series is constant (c0 = 0)
 */
public record AutoCorrelationSummary(int length, int[] lags, double[] mean, double[] std, int weights,
                                     int constantWeights) {

    /** Half-width of the 95% band: {@link AutoCorrelation#Z95} / sqrt(n). */
    public double band95() {
        return AutoCorrelation.band(AutoCorrelation.Z95, length);
    }

    /** Half-width of the 99% band: {@link AutoCorrelation#Z99} / sqrt(n). */
    public double band99() {
        return AutoCorrelation.band(AutoCorrelation.Z99, length);
    }

    /**
     * Fraction of the non-zero lags whose MEAN auto-correlation lies outside +- halfWidth (lag 0,
     * where r = 1 by definition, is excluded). About the band's nominal rate for white noise;
     * near 1 when correlations persist (Remark 18). NaN if there is no non-zero lag or no weight.
     */
    public double fractionOfLagsOutside(double halfWidth) {
        int counted = 0;
        int outside = 0;
        for (int j = 0; j < lags.length; j++) {
            if (lags[j] == 0 || Double.isNaN(mean[j])) {
                continue;
            }
            counted++;
            if (Math.abs(mean[j]) > halfWidth) {
                outside++;
            }
        }
        return counted == 0 ? Double.NaN : (double) outside / counted;
    }
}
