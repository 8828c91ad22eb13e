package org.sgdvi.core.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The paper's spectrum numbers against values worked out by hand. */
class SpectrumStatisticsTest {

    private static final double EPS32 = 1.1920928955078125e-07;

    @Test
    void machineEpsilonsAreNumpys() {
        assertThat(SpectrumStatistics.machineEpsilon(DataType.FLOAT)).isEqualTo(1.1920928955078125e-07);
        assertThat((float) SpectrumStatistics.machineEpsilon(DataType.FLOAT)).isEqualTo(1.1920929e-07f);
        assertThat(SpectrumStatistics.machineEpsilon(DataType.DOUBLE)).isEqualTo(2.220446049250313e-16);
    }

    @Test
    void twoNonzeroEigenvaluesOfFour() {
        // lambda = (3, 1, 0, 0): mean 1, variance ((2)^2 + 0 + 1 + 1) / 4 = 1.5, rank 2 of 4
        SpectrumStatistics s = SpectrumStatistics.of(new double[] {3, 1}, 4, EPS32, 2);
        assertThat(s.lambdaMax()).isEqualTo(3);
        assertThat(s.threshold()).isEqualTo(1.430511474609375e-06);
        assertThat(s.rank()).isEqualTo(2);
        assertThat(s.rankFraction()).isEqualTo(0.5);
        assertThat(s.mean()).isEqualTo(1.0);
        assertThat(s.variance()).isCloseTo(1.5, within(1e-15));
        assertThat(s.std()).isCloseTo(Math.sqrt(1.5), within(1e-15));
        assertThat(s.normalizedTemperature(0.1, 128)).isCloseTo(7.8125e-4, within(1e-18));
        assertThat(s.architectureScore()).isCloseTo(2.0, within(1e-15));
        // bins [thr, sqrt(3 thr)) and [sqrt(3 thr), 3]: the two zeros (clipped) in the first, 1 and 3 in the second
        assertThat(s.histogram().counts()).containsExactly(2, 2);
        assertThat(s.histogram().edges()).containsExactly(new double[] {1.430511474609375e-06,
                Math.sqrt(3 * 1.430511474609375e-06), 3}, within(1e-15));
    }

    @Test
    void rankFollowsNumpysMatrixRankOnAbsoluteValues() {
        // numpy's matrix_rank counts singular values = |eigenvalues| above max|lambda| * d * eps
        double[] lambdas = {2, -0.5, 1e-7, -1e-9};
        SpectrumStatistics f32 = SpectrumStatistics.of(lambdas, 4, EPS32, 10);
        SpectrumStatistics f64 = SpectrumStatistics.of(lambdas, 4, 2.220446049250313e-16, 10);
        assertThat(f32.threshold()).isEqualTo(9.5367431640625e-07);
        assertThat(f32.rank()).isEqualTo(2);
        assertThat(f64.rank()).isEqualTo(4);
        assertThat(f32.mean()).isCloseTo((2 - 0.5 + 1e-7 - 1e-9) / 4, within(1e-16));
        assertThat(f32.histogram().total()).isEqualTo(4);
        // -0.5, 1e-7 and -1e-9 are below the threshold and clipped into the first bin
        assertThat(f32.histogram().counts()[0]).isEqualTo(3);
        assertThat(f32.histogram().counts()[9]).isEqualTo(1);
    }

    @Test
    void populationStdIncludesTheImpliedZeros() {
        double[] computed = {4, 2, 1, 1};
        double[] all = {4, 2, 1, 1, 0, 0, 0, 0, 0, 0};
        double mean = 0.8;
        double var = 0;
        for (double v : all) {
            var += (v - mean) * (v - mean);
        }
        var /= all.length; // (3.2^2 + 1.2^2 + 0.2^2 + 0.2^2 + 6 * 0.8^2) / 10 = (10.24 + 1.44 + 0.04 + 0.04 + 3.84) / 10
        SpectrumStatistics s = SpectrumStatistics.of(computed, 10, EPS32, 5);
        assertThat(var).isCloseTo(1.56, within(1e-14));
        assertThat(s.mean()).isCloseTo(mean, within(1e-15));
        assertThat(s.std()).isCloseTo(Math.sqrt(1.56), within(1e-14));
        assertThat(s.histogram().total()).isEqualTo(10);
        assertThat(s.histogram().counts()[0]).isEqualTo(6);
    }

    @Test
    void allZeroSpectrum() {
        SpectrumStatistics s = SpectrumStatistics.of(new double[0], 5, EPS32, 3);
        assertThat(s.rank()).isZero();
        assertThat(s.mean()).isZero();
        assertThat(s.std()).isZero();
        assertThat(s.histogram().total()).isEqualTo(5);
    }

    @Test
    void fromAResultUsesItsDataTypesEpsilon() {
        SpectrumResult r = new SpectrumResult("gram", 1000, DataType.DOUBLE, new double[] {1, 1e-12}, SpectrumResult.Tail.ZERO,
                new double[0], true, 1, 0);
        assertThat(SpectrumStatistics.of(r).rank()).isEqualTo(2);
        SpectrumResult r32 = new SpectrumResult("gram", 1000, DataType.FLOAT, new double[] {1, 1e-12}, SpectrumResult.Tail.ZERO,
                new double[0], true, 1, 0);
        assertThat(SpectrumStatistics.of(r32).rank()).isEqualTo(1);
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> SpectrumStatistics.of(new double[] {1, 2, 3}, 2, EPS32, 5))
                .hasMessageContaining("d = 2");
        assertThatThrownBy(() -> SpectrumStatistics.of(new double[] {Double.NaN}, 2, EPS32, 5))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> SpectrumStatistics.machineEpsilon(DataType.INT))
                .hasMessageContaining("INT");
    }
}
