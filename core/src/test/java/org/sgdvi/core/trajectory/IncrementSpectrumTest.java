package org.sgdvi.core.trajectory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class IncrementSpectrumTest {

    /** Direct O(n^2) DFT amplitudes of the increments: |sum_k dx_k exp(-2 pi i m k / n)|. */
    static double[] directAmplitudes(double[] x) {
        int n = x.length - 1;
        double[] amp = new double[n / 2 + 1];
        for (int m = 0; m < amp.length; m++) {
            double re = 0;
            double im = 0;
            for (int k = 0; k < n; k++) {
                double dx = x[k + 1] - x[k];
                double angle = 2 * Math.PI * (((long) m * k) % n) / n;
                re += dx * Math.cos(angle);
                im -= dx * Math.sin(angle);
            }
            amp[m] = Math.hypot(re, im);
        }
        return amp;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 17, 64, 255, 256, 1001})
    void amplitudesMatchDirectDftForEvenAndOddLengths(int increments) {
        SplittableRandom random = new SplittableRandom(increments);
        double[] x = new double[increments + 1];
        for (int k = 1; k < x.length; k++) {
            x[k] = x[k - 1] + random.nextGaussian() + 0.3 * Math.sin(k);
        }
        double[] fast = new IncrementSpectrum(x.length).amplitudes(x);
        double[] direct = directAmplitudes(x);
        assertThat(fast).hasSameSizeAs(direct);
        for (int m = 0; m < fast.length; m++) {
            assertThat(fast[m]).as("bin %d of n = %d", m, increments).isCloseTo(direct[m], within(1e-9));
        }
    }

    @Test
    void singleIncrementHasOnlyTheZeroFrequency() {
        assertThat(new IncrementSpectrum(2).amplitudes(new double[] {1, -2.5})).containsExactly(3.5);
    }

    @Test
    void frequenciesAreNumpyRfftfreq() {
        assertThat(IncrementSpectrum.rfftFrequencies(8)).containsExactly(0, 0.125, 0.25, 0.375, 0.5);
        assertThat(IncrementSpectrum.rfftFrequencies(7)).containsExactly(0, 1.0 / 7, 2.0 / 7, 3.0 / 7);
    }

    @ParameterizedTest
    @ValueSource(ints = {1001, 1000})
    void sinusoidPeaksAtItsFrequency(int snapshots) {
        int n = snapshots - 1;
        int bin = n / 20 + 3;
        double frequency = (double) bin / n;
        TrajectoryMatrix m = TrajectoryMatrix.ofRows(TrajectoryTestData.sinusoid(snapshots, 6, frequency, 5));
        SpectrumSummary s = IncrementSpectrum.summarize(m);
        int peak = 0;
        for (int j = 1; j < s.meanAmplitude().length; j++) {
            if (s.meanAmplitude()[j] > s.meanAmplitude()[peak]) {
                peak = j;
            }
        }
        assertThat(peak).isEqualTo(bin);
        assertThat(s.frequencies()[peak]).isCloseTo(frequency, within(1e-15));
        // an exact-bin sinusoid has no leakage apart from the one-sample edge effect of diff()
        assertThat(s.meanAmplitude()[peak]).isGreaterThan(50 * s.meanAmplitude()[bin + 5]);
    }

    @Test
    void summaryIsMeanAndPopulationStdOfDirectAmplitudes() {
        double[][] rows = TrajectoryTestData.randomWalk(65, 7, 11);
        SpectrumSummary s = IncrementSpectrum.summarize(TrajectoryMatrix.ofRows(rows));
        double[][] amps = new double[7][];
        for (int i = 0; i < 7; i++) {
            amps[i] = directAmplitudes(TrajectoryTestData.column(rows, i));
        }
        for (int m = 0; m < s.meanAmplitude().length; m++) {
            double mean = 0;
            for (double[] a : amps) {
                mean += a[m] / 7;
            }
            double var = 0;
            for (double[] a : amps) {
                var += (a[m] - mean) * (a[m] - mean) / 7;
            }
            assertThat(s.meanAmplitude()[m]).isCloseTo(mean, within(1e-9));
            assertThat(s.stdAmplitude()[m]).isCloseTo(Math.sqrt(var), within(1e-9));
        }
        assertThat(s.weights()).isEqualTo(7);
        assertThat(s.increments()).isEqualTo(64);
    }

    @Test
    void lowToHighPowerRatioUsesTheOuterTenPercentOfNonZeroBins() {
        // n = 40 increments: 20 non-zero bins, bands of 2 bins: {1, 2} and {19, 20}
        double[] mean = new double[21];
        double[] std = new double[21];
        for (int m = 0; m < 21; m++) {
            mean[m] = m;
            std[m] = 1;
        }
        SpectrumSummary s = new SpectrumSummary(40, IncrementSpectrum.rfftFrequencies(40), mean, std, 3);
        double low = ((1 + 1) + (4 + 1)) / 2.0;
        double high = ((361 + 1) + (400 + 1)) / 2.0;
        assertThat(s.lowToHighPowerRatio(0.1)).isCloseTo(low / high, within(1e-15));
    }
}
