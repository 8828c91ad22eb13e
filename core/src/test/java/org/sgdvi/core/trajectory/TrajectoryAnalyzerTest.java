package org.sgdvi.core.trajectory;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrajectoryAnalyzerTest {

    /** A slow oscillation (3 cycles) plus a small random walk: low-frequency increments, like SGD's. */
    private static double[][] cycling(int t, int d, long seed) {
        double[][] rows = TrajectoryTestData.sinusoid(t, d, 3.0 / (t - 1), seed);
        double[][] walk = TrajectoryTestData.randomWalk(t, d, seed + 1);
        for (int k = 0; k < t; k++) {
            for (int i = 0; i < d; i++) {
                rows[k][i] += 0.002 * walk[k][i];
            }
        }
        return rows;
    }

    @Test
    void cyclingTrajectoryIsNotBrownianButItsBaselineIs() {
        double[][] rows = cycling(2_051, 40, 9);
        TrajectoryAnalysis a = TrajectoryAnalyzer.analyze(TrajectoryMatrix.ofRows(rows), null,
                TrajectoryAnalysisOptions.defaults().withBurnIn(50).withSeed(1));
        TrajectoryVerdict v = a.verdict();
        assertThat(a.snapshots()).isEqualTo(2_001);
        assertThat(a.dimension()).isEqualTo(40);
        assertThat(v.lowToHighPowerRatio()).isGreaterThan(100);
        // white increments: each band averages 100 bins x 40 weights of exponential powers (sd 1.6%)
        assertThat(v.baselineLowToHighPowerRatio()).isCloseTo(1, within(0.15));
        assertThat(v.incrementFractionOfLagsOutside99()).isGreaterThan(0.5);
        assertThat(v.baselineIncrementFractionOfLagsOutside99()).isLessThan(0.05);
        assertThat(v.fractionOfLagsOutside99()).isGreaterThan(0.5);
        assertThat(v.gradNormDropFactor()).isNaN();
        assertThat(a.gradNormEwma()).isNull();
    }

    @Test
    void statisticsEqualTheStandaloneSummariesOfTheKeptRows() {
        double[][] rows = cycling(320, 6, 4);
        TrajectoryAnalysis a = TrajectoryAnalyzer.analyze(TrajectoryMatrix.ofRows(rows), null,
                TrajectoryAnalysisOptions.defaults().withBurnIn(20).withLagStep(7));
        TrajectoryMatrix kept = TrajectoryMatrix.ofRows(Arrays.copyOfRange(rows, 20, 320));
        SpectrumSummary spectrum = IncrementSpectrum.summarize(kept);
        AutoCorrelationSummary ac = AutoCorrelation.summarize(kept, AutoCorrelation.lags(300, 7));
        assertThat(a.trajectory().spectrum().meanAmplitude()).containsExactly(spectrum.meanAmplitude());
        assertThat(a.trajectory().spectrum().stdAmplitude()).containsExactly(spectrum.stdAmplitude());
        assertThat(a.trajectory().autocorrelation().lags()).containsExactly(ac.lags());
        assertThat(a.trajectory().autocorrelation().mean()).containsExactly(ac.mean());
        assertThat(a.trajectory().autocorrelation().std()).containsExactly(ac.std());
        double[][] increments = new double[299][6];
        for (int k = 0; k < 299; k++) {
            for (int i = 0; i < 6; i++) {
                increments[k][i] = rows[20 + k + 1][i] - rows[20 + k][i];
            }
        }
        AutoCorrelationSummary steps = AutoCorrelation.summarize(TrajectoryMatrix.ofRows(increments),
                AutoCorrelation.lags(299, 7));
        assertThat(a.trajectory().incrementAutocorrelation().length()).isEqualTo(299);
        assertThat(a.trajectory().incrementAutocorrelation().lags()).containsExactly(steps.lags());
        assertThat(a.trajectory().incrementAutocorrelation().mean()).containsExactly(steps.mean());
        TrajectoryVerdict v = a.verdict();
        assertThat(v.fractionOfLagsOutside99()).isEqualTo(ac.fractionOfLagsOutside(ac.band99()));
        assertThat(v.lowToHighPowerRatio()).isEqualTo(spectrum.lowToHighPowerRatio(0.1));
        assertThat(a.baselineWeights()).hasSize(6);
        assertThat(a.baseline().spectrum().weights()).isEqualTo(6);
    }

    @Test
    void gradientNormIsSmoothedAfterBurnInAndSummarised() {
        int t = 400;
        double[] norm = new double[t];
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < t; k++) {
            norm[k] = 3 * Math.exp(-k / 150.0) + 0.1 * random.nextDouble();
        }
        TrajectoryAnalysis a = TrajectoryAnalyzer.analyze(TrajectoryMatrix.ofRows(cycling(t, 3, 1)), norm,
                TrajectoryAnalysisOptions.defaults().withBurnIn(100));
        double[] kept = Arrays.copyOfRange(norm, 100, t);
        assertThat(a.gradNorm()).containsExactly(kept);
        for (int j = 0; j < kept.length; j += 37) {
            assertThat(a.gradNormEwma()[j]).isCloseTo(ExponentialMovingAverageTest.direct(kept, j, 100), within(1e-12));
        }
        double first = ExponentialMovingAverageTest.direct(kept, 0, 100);
        double last = ExponentialMovingAverageTest.direct(kept, kept.length - 1, 100);
        assertThat(a.verdict().gradNormDropFactor()).isCloseTo(first / last, within(1e-12));
        double max = Arrays.stream(a.gradNormEwma()).max().orElseThrow();
        double min = Arrays.stream(a.gradNormEwma()).min().orElseThrow();
        assertThat(a.verdict().gradNormMaxOverMin()).isEqualTo(max / min);
    }

    @Test
    void sampledBaselineUsesTheRequestedNumberOfWeights() {
        TrajectoryAnalysis a = TrajectoryAnalyzer.analyze(TrajectoryMatrix.ofRows(cycling(200, 12, 2)), null,
                TrajectoryAnalysisOptions.defaults().withBaselineWeights(5).withSeed(8));
        assertThat(a.baselineWeights()).hasSize(5);
        assertThat(a.baseline().autocorrelation().weights()).isEqualTo(5);
        assertThat(a.trajectory().autocorrelation().weights()).isEqualTo(12);
    }

    @Test
    void rejectsMismatchedGradientNormAndTooShortTrajectories() {
        TrajectoryMatrix m = TrajectoryMatrix.ofRows(cycling(50, 2, 1));
        assertThatThrownBy(() -> TrajectoryAnalyzer.analyze(m, new double[49], TrajectoryAnalysisOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("49").hasMessageContaining("50");
        assertThatThrownBy(() -> TrajectoryAnalyzer.analyze(m, null, TrajectoryAnalysisOptions.defaults().withBurnIn(47)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burn-in");
    }
}
