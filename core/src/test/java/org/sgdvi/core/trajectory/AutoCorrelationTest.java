package org.sgdvi.core.trajectory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AutoCorrelationTest {

    /** Direct lag sums, the auto-correlation of the paper's Fig. 3. */
    static double direct(double[] x, int h) {
        int n = x.length;
        double mu = 0;
        for (double v : x) {
            mu += v;
        }
        mu /= n;
        double c0 = 0;
        for (double v : x) {
            c0 += (v - mu) * (v - mu);
        }
        c0 /= n;
        double sum = 0;
        for (int t = 0; t < n - h; t++) {
            sum += (x[t] - mu) * (x[t + h] - mu);
        }
        return sum / n / c0;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 10, 101, 256, 999, 1000})
    void fftMatchesDirectLagSums(int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[] x = new double[n];
        for (int t = 1; t < n; t++) {
            x[t] = 0.8 * x[t - 1] + random.nextGaussian() + 5;
        }
        int[] lags = AutoCorrelation.lags(n, Math.max(1, n / 37));
        double[] r = new AutoCorrelation(n, lags).of(x);
        assertThat(r[0]).isCloseTo(1, within(1e-12));
        for (int j = 0; j < lags.length; j++) {
            assertThat(r[j]).as("lag %d of n = %d", lags[j], n).isCloseTo(direct(x, lags[j]), within(1e-9));
        }
    }

    @Test
    void defaultLagsStepByOneHundredthOfTheLength() {
        int[] paper = AutoCorrelation.defaultLags(99_000);
        assertThat(paper).hasSize(100);
        assertThat(paper[1]).isEqualTo(990);
        assertThat(paper[99]).isEqualTo(98_010);
        assertThat(AutoCorrelation.defaultLags(250)).startsWith(0, 2, 4).hasSize(125);
        assertThat(AutoCorrelation.defaultLags(50)).hasSize(50);
    }

    @Test
    void bandsAreZOverSqrtN() {
        assertThat(AutoCorrelation.band(AutoCorrelation.Z99, 400)).isEqualTo(2.5758293035489004 / 20);
        assertThat(AutoCorrelation.band(AutoCorrelation.Z95, 400)).isEqualTo(1.959963984540054 / 20);
    }

    @Test
    void whiteNoiseLeavesThe99PercentBandAtAboutOnePercentOfLags() {
        int n = 2000;
        int series = 20;
        int[] lags = AutoCorrelation.lags(n / 10, 1);
        AutoCorrelation ac = new AutoCorrelation(n, lags);
        double band = AutoCorrelation.band(AutoCorrelation.Z99, n);
        SplittableRandom random = new SplittableRandom(99);
        int outside = 0;
        int trials = 0;
        for (int s = 0; s < series; s++) {
            double[] x = new double[n];
            for (int t = 0; t < n; t++) {
                x[t] = random.nextGaussian();
            }
            double[] r = ac.of(x);
            for (int j = 1; j < lags.length; j++) {
                trials++;
                if (Math.abs(r[j]) > band) {
                    outside++;
                }
            }
        }
        // Binomial(3980, 0.01): mean 39.8, sd 6.3; accept +- 4 sd
        double expected = 0.01 * trials;
        double sd = Math.sqrt(trials * 0.01 * 0.99);
        assertThat((double) outside).isBetween(expected - 4 * sd, expected + 4 * sd);
    }

    /**
     * A random walk's positions stay correlated: by simulation (numpy, 2000 walks) the expected
     * r(n/20) is 0.68 (sd 0.15 per walk) and r(n/10) is 0.44 (sd 0.22), far above the 99% band
     * 2.58/sqrt(n) = 0.036 for n = 5000. The mean over 20 walks has sd about 0.035 and 0.05.
     */
    @Test
    void randomWalkDecaysSlowly() {
        TrajectoryMatrix walk = TrajectoryMatrix.ofRows(TrajectoryTestData.randomWalk(5000, 20, 3));
        int[] lags = {0, 250, 500};
        AutoCorrelationSummary s = AutoCorrelation.summarize(walk, lags);
        assertThat(s.mean()[1]).isGreaterThan(0.5);
        assertThat(s.mean()[2]).isGreaterThan(5 * s.band99());
        assertThat(s.fractionOfLagsOutside(s.band99())).isEqualTo(1.0);
    }

    @Test
    void summaryIsMeanAndStdOverWeightsAndSkipsConstantWeights() {
        double[][] rows = TrajectoryTestData.randomWalk(300, 5, 8);
        for (double[] row : rows) {
            row[2] = 4.0; // weight 2 never moves
        }
        int[] lags = AutoCorrelation.defaultLags(300);
        AutoCorrelationSummary s = AutoCorrelation.summarize(TrajectoryMatrix.ofRows(rows), lags);
        assertThat(s.weights()).isEqualTo(4);
        assertThat(s.constantWeights()).isEqualTo(1);
        for (int j = 0; j < lags.length; j++) {
            double[] r = new double[4];
            int w = 0;
            for (int i : new int[] {0, 1, 3, 4}) {
                r[w++] = direct(TrajectoryTestData.column(rows, i), lags[j]);
            }
            double mean = (r[0] + r[1] + r[2] + r[3]) / 4;
            double var = 0;
            for (double v : r) {
                var += (v - mean) * (v - mean) / 4;
            }
            assertThat(s.mean()[j]).isCloseTo(mean, within(1e-9));
            assertThat(s.std()[j]).isCloseTo(Math.sqrt(var), within(1e-9));
        }
        assertThat(new AutoCorrelation(300, lags).of(TrajectoryTestData.column(rows, 2))).containsOnly(Double.NaN);
    }
}
