package org.sgdvi.core.dynamics.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.dynamics.DynamicsTestData;

class DetailedBalanceTest {

    private final LyapunovLinearization solver = new LyapunovLinearization();

    @Test
    void twoByTwoMatchesTheClosedForm() {
        // F = diag(a, b), D = [[d11, d12], [d12, d22]]: Q_12 = d12 (a - b) / (a + b), r = sqrt(2) |Q_12| / ||D||_F,
        // off-diagonal fraction sqrt(2) |d12| / ||D||_F
        DynamicsTestData.DiagonalField field = new DynamicsTestData.DiagonalField(3, 1);
        double d12 = 0.4;
        double[][] d = {{1.0, d12}, {d12, 0.5}};
        LinearizationResult r = solver.decompose(field.f(), d);
        DetailedBalance.Assessment s = DetailedBalance.assess(r, solver, 1, 200);
        double dNorm = DynamicsTestData.norm(d);
        double expected = Math.sqrt(2) * field.q12(d12) / dNorm;
        assertThat(s.qOverD()).isCloseTo(expected, within(1e-14));
        assertThat(DetailedBalance.closedFormQOverD(new double[] {field.b(), field.a()}, DetailedBalance.eigenCoordinates(r)))
                .isCloseTo(expected, within(1e-14));
        assertThat(s.offDiagonalFraction()).isCloseTo(Math.sqrt(2) * d12 / dNorm, within(1e-14));
        assertThat(s.verdict()).isEqualTo(DetailedBalance.Verdict.BROKEN);
        assertThat(s.anglesRadians()).hasSize(200);
        for (double t : s.anglesRadians()) {
            assertThat(t).isBetween(0.0, Math.PI);
        }
        assertThat(s.angleMean()).isGreaterThan(0.01);
        assertThat(s.angleMin()).isLessThanOrEqualTo(s.angleMedian());
        assertThat(s.angleMedian()).isLessThanOrEqualTo(s.angleMax());
        assertThat(s.isotropicQOverD()).isLessThan(1e-14);
        assertThat(s.isotropicUResidual()).isLessThan(1e-12);
        // cutoffs 1e-6, 1e-4 keep both directions; 1e-2 of max(mu) = 0.03 still keeps b = 1
        assertThat(s.qOverDAboveCutoff()).hasSize(3);
        for (double v : s.qOverDAboveCutoff()) {
            assertThat(v).isCloseTo(expected, within(1e-14));
        }
        // above mu = 2 only a = 3 remains: a 1 x 1 block, r = 0
        assertThat(DetailedBalance.closedFormQOverD(new double[] {field.b(), field.a()}, DetailedBalance.eigenCoordinates(r),
                2.0))
                .isEqualTo(0.0);
    }

    @Test
    void noiseThatCommutesWithTheHessianGivesDetailedBalance() {
        // D = c F (F positive definite) and D = c I (Lemma 6) both commute with F: Q = 0, every angle 0
        double[][] f = DynamicsTestData.symmetricWithEigenvalues(21, 0.1, 0.5, 1.0, 2.0, 7.0);
        double[][] cf = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                cf[i][j] = 0.3 * f[i][j];
            }
        }
        for (double[][] d : new double[][][] {cf, {{2, 0, 0, 0, 0}, {0, 2, 0, 0, 0}, {0, 0, 2, 0, 0}, {0, 0, 0, 2, 0},
            {0, 0, 0, 0, 2}}}) {
            DetailedBalance.Assessment s = DetailedBalance.assess(solver.decompose(f, d), solver, 2, 50);
            assertThat(s.qOverD()).isLessThan(1e-12);
            assertThat(s.offDiagonalFraction()).isLessThan(1e-12);
            assertThat(s.angleMax()).isLessThan(1e-6);
            assertThat(s.verdict()).isEqualTo(DetailedBalance.Verdict.HOLDS);
        }
        // cosine of D = c F with F is 1
        assertThat(DetailedBalance.assess(solver.decompose(f, cf), solver, 2, 10).hessianDiffusionCosine())
                .isCloseTo(1.0, within(1e-12));
    }

    @Test
    void randomMatricesObeyTheBoundsAndTheNullModelBreaksDetailedBalance() {
        int n = 12;
        double[] mu = new double[n];
        for (int i = 0; i < n; i++) {
            mu[i] = Math.pow(10, -2 + 3.0 * i / (n - 1));
        }
        double[][] f = DynamicsTestData.symmetricWithEigenvalues(31, mu);
        // D aligned with F plus a small random part: r small but positive, bounded by the off-diagonal fraction
        double[][] noise = DynamicsTestData.psd(32, n, 3);
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i][j] = f[i][j] + 0.01 * noise[i][j];
            }
        }
        LinearizationResult r = solver.decompose(f, d);
        DetailedBalance.Assessment s = DetailedBalance.assess(r, solver, 3, 100);
        assertThat(s.qOverD()).isGreaterThan(0).isLessThan(s.offDiagonalFraction());
        assertThat(DetailedBalance.closedFormQOverD(mu, DetailedBalance.eigenCoordinates(r)))
                .isCloseTo(s.qOverD(), within(1e-10));
        // the same eigenvalues of D in a random basis: much further from detailed balance
        assertThat(s.randomBasisQOverD()).isGreaterThan(5 * s.qOverD()).isLessThan(1.0);
        assertThat(s.hessianDiffusionCosine()).isGreaterThan(0.9);
        // an isotropic D' stays isotropic in any basis: the null model gives 0 as well
        INDArray iso = Nd4j.eye(4).castTo(DataType.DOUBLE).muli(3.0);
        assertThat(DetailedBalance.closedFormQOverD(new double[] {1, 2, 3, 4}, DetailedBalance.randomBasis(iso, 9)))
                .isLessThan(1e-12);
    }

    @Test
    void aOneDimensionalWellPosedSubspaceIsUndetermined() {
        // F = diag(2, -1): W = span(e_1), Q is 1 x 1 and antisymmetric, hence 0 whatever D is
        LinearizationResult r = solver.decompose(new double[][] {{2, 0}, {0, -1}}, new double[][] {{1, 0.5}, {0.5, 1}});
        DetailedBalance.Assessment s = DetailedBalance.assess(r, solver, 4, 10);
        assertThat(s.qOverD()).isEqualTo(0.0);
        assertThat(s.verdict()).isEqualTo(DetailedBalance.Verdict.UNDETERMINED);
    }

    @Test
    void classifiesWithTheStatedThresholds() {
        assertThat(DetailedBalance.classify(0.0)).isEqualTo(DetailedBalance.Verdict.HOLDS);
        assertThat(DetailedBalance.classify(0.0099)).isEqualTo(DetailedBalance.Verdict.HOLDS);
        assertThat(DetailedBalance.classify(0.01)).isEqualTo(DetailedBalance.Verdict.NEAR);
        assertThat(DetailedBalance.classify(0.1)).isEqualTo(DetailedBalance.Verdict.BROKEN);
        assertThat(DetailedBalance.classify(0.5)).isEqualTo(DetailedBalance.Verdict.FAR);
        assertThatThrownBy(() -> DetailedBalance.classify(Double.NaN)).hasMessageContaining("expected a number >= 0");
    }
}
