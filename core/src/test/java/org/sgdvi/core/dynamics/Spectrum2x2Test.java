package org.sgdvi.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class Spectrum2x2Test {

    @Test
    void classifiesTheCanonicalCases() {
        assertThat(Spectrum2x2.of(new double[] {2, 0, 0, 3}).classify(1e-9)).isEqualTo(CriticalPointType.MINIMUM);
        assertThat(Spectrum2x2.of(new double[] {-2, 0, 0, -3}).classify(1e-9)).isEqualTo(CriticalPointType.MAXIMUM);
        assertThat(Spectrum2x2.of(new double[] {-2, 0, 0, 3}).classify(1e-9)).isEqualTo(CriticalPointType.SADDLE);
        // a + b i pairs: [[a, -b], [b, a]]
        assertThat(Spectrum2x2.of(new double[] {1, -2, 2, 1}).classify(1e-9)).isEqualTo(CriticalPointType.STABLE_FOCUS);
        assertThat(Spectrum2x2.of(new double[] {-1, -2, 2, -1}).classify(1e-9)).isEqualTo(CriticalPointType.UNSTABLE_FOCUS);
        assertThat(Spectrum2x2.of(new double[] {0, -2, 2, 0}).classify(1e-9)).isEqualTo(CriticalPointType.CENTER);
        assertThat(Spectrum2x2.of(new double[] {0, 1, 0, 2}).classify(1e-9)).isEqualTo(CriticalPointType.DEGENERATE);
    }

    @Test
    void eigenvaluesOfANonSymmetricMatrixMatchTheCharacteristicPolynomial() {
        double[] a = {3, 1, 4, 2}; // mu^2 - 5 mu + 2 = 0
        Spectrum2x2 s = Spectrum2x2.of(a);
        assertThat(s.re1()).isCloseTo((5 - Math.sqrt(17)) / 2, within(1e-14));
        assertThat(s.re2()).isCloseTo((5 + Math.sqrt(17)) / 2, within(1e-14));
        Spectrum2x2 c = Spectrum2x2.of(new double[] {1, -2, 2, 1});
        assertThat(c.re1()).isEqualTo(1.0);
        assertThat(c.im()).isCloseTo(2.0, within(1e-14));
    }
}
