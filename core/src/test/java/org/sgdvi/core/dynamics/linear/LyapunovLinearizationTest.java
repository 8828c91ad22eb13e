package org.sgdvi.core.dynamics.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.sgdvi.core.dynamics.DynamicsTestData.distance;
import static org.sgdvi.core.dynamics.DynamicsTestData.multiply;
import static org.sgdvi.core.dynamics.DynamicsTestData.norm;
import static org.sgdvi.core.dynamics.DynamicsTestData.transpose;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sgdvi.core.dynamics.DynamicsTestData;

class LyapunovLinearizationTest {

    private final LyapunovLinearization lyapunov = new LyapunovLinearization();

    @Test
    void diagonalTwoByTwoMatchesTheClosedForm() {
        // F = diag(a, b): S_11 = d11 / a, S_22 = d22 / b, S_12 = 2 d12 / (a + b), Q_12 = d12 (a - b) / (a + b)
        DynamicsTestData.DiagonalField field = new DynamicsTestData.DiagonalField(2, 0.5);
        double a = field.a();
        double b = field.b();
        double[][] d = {{1.0, 0.3}, {0.3, 0.8}};
        LinearizationResult r = lyapunov.decompose(field.f(), d);
        double[][] s = r.s().toDoubleMatrix();
        assertThat(s[0][0]).isCloseTo(1.0 / a, within(1e-14));
        assertThat(s[1][1]).isCloseTo(0.8 / b, within(1e-14));
        assertThat(s[0][1]).isCloseTo(0.6 / (a + b), within(1e-14));
        double[][] q = r.q().toDoubleMatrix();
        assertThat(q[0][1]).isCloseTo(field.q12(0.3), within(1e-14));
        assertThat(q[1][0]).isCloseTo(-field.q12(0.3), within(1e-14));
        assertThat(q[0][0]).isCloseTo(0.0, within(1e-14));
        double det = s[0][0] * s[1][1] - s[0][1] * s[0][1];
        double[][] u = r.u().toDoubleMatrix();
        assertThat(u[0][0]).isCloseTo(s[1][1] / det, within(1e-12));
        assertThat(u[0][1]).isCloseTo(-s[0][1] / det, within(1e-12));
        assertThat(r.illPosedPairs()).isEmpty();
    }

    @Test
    void rotatedTwoByTwoWithRankOneNoiseIsControllableAndExact() {
        // F = [[3, 1], [1, 3]] (eigen 2, 4), D = diag(1, 0): S is positive definite although D is not.
        // Check F S + S F^T = 2 D by direct multiplication.
        double[][] f = {{3, 1}, {1, 3}};
        double[][] d = {{1, 0}, {0, 0}};
        LinearizationResult r = lyapunov.decompose(f, d);
        double[][] s = r.s().toDoubleMatrix();
        double[][] lhs = multiply(f, s);
        double[][] lt = transpose(lhs);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertThat(lhs[i][j] + lt[i][j]).isCloseTo(2 * d[i][j], within(1e-13));
            }
        }
        assertThat(r.rankS()).isEqualTo(2);
        assertThat(r.factorizationResidual()).isLessThan(1e-12);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void isotropicNoiseGivesNoRotationAndUProportionalToF(long seed) {
        // Lemma 6: D = c I => Q = 0, U = F / c, Phi = f
        double c = 0.7;
        double[][] f = DynamicsTestData.symmetricWithEigenvalues(seed, 0.3, 1.0, 2.5, 4.0, 7.0);
        double[][] d = new double[5][5];
        for (int i = 0; i < 5; i++) {
            d[i][i] = c;
        }
        LinearizationResult r = lyapunov.decompose(f, d);
        assertThat(norm(r.q().toDoubleMatrix())).isLessThan(1e-12);
        double[][] fOverC = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                fOverC[i][j] = f[i][j] / c;
            }
        }
        assertThat(distance(r.u().toDoubleMatrix(), fOverC)).isLessThan(1e-10 * norm(fOverC));
        assertThat(r.qOverD()).isLessThan(1e-12);
        assertThat(r.meanForceAngle(seed, 50)).isLessThan(1e-6);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void identitiesHoldOnRandomMatricesAndMatchAKroneckerSolve(long seed) {
        int n = 6;
        double[][] f = DynamicsTestData.symmetricWithEigenvalues(seed, 0.2, 0.5, 1.0, 1.7, 3.0, 6.0);
        double[][] d = DynamicsTestData.psd(seed + 100, n, 8);
        LinearizationResult r = lyapunov.decompose(f, d);
        assertThat(r.lyapunovResidual()).isLessThan(1e-10);
        assertThat(r.antisymmetryResidual()).isLessThan(1e-10);
        assertThat(r.factorizationResidual()).isLessThan(1e-8);
        assertThat(r.rankS()).isEqualTo(n);
        // a second algorithm: (I (x) F + F (x) I) vec(S) = 2 vec(D) by Gaussian elimination
        double[][] kron = kroneckerSolve(f, d);
        assertThat(distance(r.s().toDoubleMatrix(), kron)).isLessThan(1e-9 * norm(kron));
        // F = (D + Q) U in full (W is everything here)
        double[][] dq = r.d().add(r.q()).toDoubleMatrix();
        assertThat(distance(multiply(dq, r.u().toDoubleMatrix()), f)).isLessThan(1e-8 * norm(f));
        // anisotropic noise: a genuine rotation, and F x is not parallel to D U x
        assertThat(r.qOverD()).isGreaterThan(0.01);
        assertThat(r.meanForceAngle(seed, 200)).isGreaterThan(0.01);
        double[][] q = r.q().toDoubleMatrix();
        assertThat(distance(q, transpose(q).clone())).isGreaterThan(0.0);
    }

    @Test
    void indefiniteDirectionsAreReportedNotDividedBy() {
        // eigenvalues -1, 0, 0.5, 2: pairs with mu_i + mu_j <= 0 are (0,0), (0,1), (0,2), (1,1)
        double[][] f = DynamicsTestData.symmetricWithEigenvalues(5, -1.0, 0.0, 0.5, 2.0);
        double[][] d = DynamicsTestData.psd(6, 4, 4);
        LinearizationResult r = lyapunov.decompose(f, d);
        assertThat(r.illPosedPairs()).extracting(p -> p.i() + "," + p.j())
                .containsExactly("0,0", "0,1", "0,2", "1,1");
        assertThat(r.illPosedPairs().get(2).muI()).isCloseTo(-1.0, within(1e-12));
        assertThat(r.illPosedPairs().get(2).muJ()).isCloseTo(0.5, within(1e-12));
        assertThat(r.wellPosedIndices()).containsExactly(2, 3);
        assertThat(r.excludedDirections()).isEqualTo(2);
        for (double[] row : r.s().toDoubleMatrix()) {
            assertThat(Arrays.stream(row).allMatch(Double::isFinite)).isTrue();
        }
        for (double[] row : r.u().toDoubleMatrix()) {
            assertThat(Arrays.stream(row).allMatch(Double::isFinite)).isTrue();
        }
        assertThat(r.lyapunovResidual()).isLessThan(1e-10);
        assertThat(r.antisymmetryResidual()).isLessThan(1e-10);
        assertThat(r.factorizationResidual()).isLessThan(1e-8);
        assertThat(r.rankS()).isEqualTo(2);
        // S lives on W: it annihilates the excluded eigenvectors
        double[][] v = r.eigenvectors().toDoubleMatrix();
        double[][] s = r.s().toDoubleMatrix();
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 4; i++) {
                double sv = 0;
                for (int j = 0; j < 4; j++) {
                    sv += s[i][j] * v[j][k];
                }
                assertThat(sv).isCloseTo(0.0, within(1e-12));
            }
        }
    }

    @Test
    void eigenvectorsAreColumns() {
        double[][] f = DynamicsTestData.symmetricWithEigenvalues(8, 1.0, 2.0, 5.0);
        LinearizationResult r = lyapunov.decompose(f, DynamicsTestData.psd(9, 3, 3));
        double[][] v = r.eigenvectors().toDoubleMatrix();
        double[] mu = r.eigenvalues().toDoubleVector();
        assertThat(mu).containsExactly(new double[] {1.0, 2.0, 5.0}, within(1e-12));
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) {
                double fv = 0;
                for (int j = 0; j < 3; j++) {
                    fv += f[i][j] * v[j][k];
                }
                assertThat(fv).isCloseTo(mu[k] * v[i][k], within(1e-12));
            }
        }
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> lyapunov.decompose(new double[][] {{1, 2}, {0, 1}}, new double[][] {{1, 0}, {0, 1}}))
                .hasMessageContaining("F must be symmetric");
        assertThatThrownBy(() -> lyapunov.decompose(new double[][] {{1, 0}, {0, 1}}, new double[][] {{1}}))
                .hasMessageContaining("D is 1x1");
    }

    /** Solves F S + S F = 2 D via the n^2 x n^2 Kronecker system with partial pivoting. */
    private static double[][] kroneckerSolve(double[][] f, double[][] d) {
        int n = f.length;
        int m = n * n;
        double[][] a = new double[m][m + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int row = i * n + j;
                for (int k = 0; k < n; k++) {
                    a[row][k * n + j] += f[i][k]; // (F S)_ij
                    a[row][i * n + k] += f[j][k]; // (S F^T)_ij
                }
                a[row][m] = 2 * d[i][j];
            }
        }
        for (int c = 0; c < m; c++) {
            int p = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] t = a[c];
            a[c] = a[p];
            a[p] = t;
            for (int r = 0; r < m; r++) {
                if (r != c) {
                    double factor = a[r][c] / a[c][c];
                    for (int k = c; k <= m; k++) {
                        a[r][k] -= factor * a[c][k];
                    }
                }
            }
        }
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = a[i * n + j][m] / a[i * n + j][i * n + j];
            }
        }
        return s;
    }
}
