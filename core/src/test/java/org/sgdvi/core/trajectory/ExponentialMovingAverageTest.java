package org.sgdvi.core.trajectory;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExponentialMovingAverageTest {

    /** y_t = sum_{i<=t, x_{t-i} not NaN} (1-alpha)^i x_{t-i} / sum_{same i} (1-alpha)^i. */
    static double direct(double[] x, int t, double com) {
        double keep = 1 - 1 / (1 + com);
        double num = 0;
        double den = 0;
        for (int i = 0; i <= t; i++) {
            if (!Double.isNaN(x[t - i])) {
                num += Math.pow(keep, i) * x[t - i];
                den += Math.pow(keep, i);
            }
        }
        return den == 0 ? Double.NaN : num / den;
    }

    @Test
    void matchesTheDirectWeightedSumWithComOneHundred() {
        SplittableRandom random = new SplittableRandom(4);
        double[] x = new double[700];
        for (int t = 0; t < x.length; t++) {
            x[t] = 3 * Math.exp(-t / 200.0) + random.nextDouble();
        }
        double[] y = ExponentialMovingAverage.adjusted(x, 100);
        for (int t = 0; t < x.length; t++) {
            assertThat(y[t]).isCloseTo(direct(x, t, 100), within(1e-12));
        }
        assertThat(y[0]).isEqualTo(x[0]);
    }

    @Test
    void skipsMissingValuesLikePandasIgnoreNaFalse() {
        double[] x = {Double.NaN, 1, 2, Double.NaN, Double.NaN, 10, 3};
        double[] y = ExponentialMovingAverage.adjusted(x, 2);
        assertThat(y[0]).isNaN();
        for (int t = 1; t < x.length; t++) {
            assertThat(y[t]).isCloseTo(direct(x, t, 2), within(1e-14));
        }
        // pandas: pd.Series([1, 2]).ewm(com=2).mean()[1] = (2 + 2/3 * 1) / (1 + 2/3) = 1.6
        assertThat(y[2]).isCloseTo(1.6, within(1e-15));
    }

    @Test
    void zeroCentreOfMassIsTheIdentity() {
        double[] x = {5, -1, 7};
        assertThat(ExponentialMovingAverage.adjusted(x, 0)).containsExactly(5, -1, 7);
    }
}
