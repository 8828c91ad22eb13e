package org.sgdvi.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CriticalPointFinderTest {

    private final CriticalPointFinder finder = new CriticalPointFinder();

    @Test
    void lambdaZeroHasMinimaAtPlusMinusOneAndSaddleAtOrigin() {
        List<CriticalPoint> points = zerosOfGradF(0.0, 3);
        assertThat(points.get(0).distanceTo(-1, 0)).isLessThan(1e-12);
        assertThat(points.get(1).distanceTo(0, 0)).isLessThan(1e-12);
        assertThat(points.get(2).distanceTo(1, 0)).isLessThan(1e-12);
        assertThat(points).extracting(CriticalPoint::type).containsExactly(
                CriticalPointType.MINIMUM, CriticalPointType.SADDLE, CriticalPointType.MINIMUM);
        // Hessian diag(3 x1^2 - 1, 1): eigenvalues {1, 2} at the minima, {-1, 1} at the saddle
        assertThat(points.get(2).spectrum().re1()).isCloseTo(1.0, within(1e-12));
        assertThat(points.get(2).spectrum().re2()).isCloseTo(2.0, within(1e-12));
        assertThat(points.get(1).spectrum().re1()).isCloseTo(-1.0, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.5, 1.5})
    void criticalPointsOfPhiDoNotDependOnLambda(double lambda) {
        List<CriticalPoint> points = finder.find(new DoubleWell(lambda).gradPhiField(), -2, 2);
        assertThat(points).extracting(CriticalPoint::x1).containsExactly(-1.0, 0.0, 1.0);
        assertThat(points).extracting(CriticalPoint::type).containsExactly(
                CriticalPointType.MINIMUM, CriticalPointType.SADDLE, CriticalPointType.MINIMUM);
    }

    @Test
    void halfLambdaMovesTheMinimaSymmetricallyAndRotatesThem() {
        List<CriticalPoint> points = zerosOfGradF(0.5, 3);
        CriticalPoint left = points.get(0);
        CriticalPoint right = points.get(2);
        // grad f is odd, so zeros come in pairs x, -x
        assertThat(left.x1()).isCloseTo(-right.x1(), within(1e-10));
        assertThat(left.x2()).isCloseTo(-right.x2(), within(1e-10));
        assertThat(right.distanceTo(1, 0)).isGreaterThan(0.3);
        assertThat(right.residual()).isLessThan(1e-12);
        // at a zero, x2 = x1 lambda exp(e(x)) (second component of grad f)
        double h = 0.5 * Math.exp(DoubleWell.profileExponent(right.x1(), right.x2()));
        assertThat(right.x2()).isCloseTo(right.x1() * h, within(1e-12));
        assertThat(right.type()).isEqualTo(CriticalPointType.MINIMUM);
        assertThat(points.get(1).type()).isEqualTo(CriticalPointType.SADDLE);
        assertClassificationMatchesFiniteDifferences(new DoubleWell(0.5).gradFField(), points);
    }

    @Test
    void originBecomesACentreAtTheClosedFormBifurcation() {
        // Jacobian at 0: [[-1, lambda e^{1/4}], [-lambda e^{1/4}, 1]], trace 0, det lambda^2 e^{1/2} - 1:
        // a saddle below lambda* = e^{-1/4} (the minima still exist), a linear centre above it.
        double critical = Math.exp(-0.25);
        assertThat(zerosOfGradF(critical - 0.01, 3).get(1).type()).isEqualTo(CriticalPointType.SADDLE);
        assertThat(zerosOfGradF(critical + 0.01, 1).get(0).type()).isEqualTo(CriticalPointType.CENTER);
    }

    @Test
    void largeLambdaLeavesOnlyTheCentreWithClosedFormFrequency() {
        CriticalPoint c = zerosOfGradF(1.5, 1).get(0);
        assertThat(c.distanceTo(0, 0)).isLessThan(1e-12);
        assertThat(c.type()).isEqualTo(CriticalPointType.CENTER);
        assertThat(c.spectrum().im()).isCloseTo(Math.sqrt(1.5 * 1.5 * Math.exp(0.5) - 1.0), within(1e-12));
    }

    /** The zeros of grad f of the double well with rotation {@code lambda} in [-2, 2]^2, asserted to be {@code count}. */
    private List<CriticalPoint> zerosOfGradF(double lambda, int count) {
        List<CriticalPoint> points = finder.find(new DoubleWell(lambda).gradFField(), -2, 2);
        assertThat(points).hasSize(count);
        return points;
    }

    private static void assertClassificationMatchesFiniteDifferences(VectorField2D field, List<CriticalPoint> points) {
        double h = 1e-6;
        double[] p = new double[2];
        double[] m = new double[2];
        for (CriticalPoint c : points) {
            double[] jac = new double[4];
            for (int k = 0; k < 2; k++) {
                field.value(c.x1() + (k == 0 ? h : 0), c.x2() + (k == 1 ? h : 0), p);
                field.value(c.x1() - (k == 0 ? h : 0), c.x2() - (k == 1 ? h : 0), m);
                jac[k] = (p[0] - m[0]) / (2 * h);
                jac[2 + k] = (p[1] - m[1]) / (2 * h);
            }
            assertThat(Spectrum2x2.of(jac).classify(1e-6)).isEqualTo(c.type());
        }
    }
}
