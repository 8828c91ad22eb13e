package org.sgdvi.core.trajectory;

/**
 * Exponentially weighted moving average with bias correction, as pandas
 * {@code Series.ewm(com=c, adjust=True).mean()} (used for the paper's Fig. 3 with c = 100 to
 * smooth the full-gradient norm): alpha = 1 / (1 + c) and
 * y_t = sum_{i<=t} (1-alpha)^i x_{t-i} / sum_{i<=t} (1-alpha)^i.
 *
 * <p>O(n) by separate recursions N_t = x_t + (1-alpha) N_{t-1} and D_t = 1 + (1-alpha) D_{t-1},
 * y_t = N_t / D_t. NaN inputs are skipped but still age the older weights (pandas
 * {@code ignore_na=False}); y_t is NaN until the first non-NaN input.
 */
public final class ExponentialMovingAverage {

    /** The centre of mass used for the gradient norm in the paper. */
    public static final double PAPER_CENTER_OF_MASS = 100;

    private ExponentialMovingAverage() {
    }

    /**
     * @param values       the series x
     * @param centerOfMass c &gt;= 0 (alpha = 1 / (1 + c))
     * @return y, same length as x
     */
    public static double[] adjusted(double[] values, double centerOfMass) {
        if (!(centerOfMass >= 0)) {
            throw new IllegalArgumentException("centre of mass must be >= 0, got " + centerOfMass);
        }
        double keep = 1 - 1 / (1 + centerOfMass);
        double[] y = new double[values.length];
        double numerator = 0;
        double denominator = 0;
        for (int t = 0; t < values.length; t++) {
            numerator *= keep;
            denominator *= keep;
            if (!Double.isNaN(values[t])) {
                numerator += values[t];
                denominator += 1;
            }
            y[t] = denominator > 0 ? numerator / denominator : Double.NaN;
        }
        return y;
    }
}
