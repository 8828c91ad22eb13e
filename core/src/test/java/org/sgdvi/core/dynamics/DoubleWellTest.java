package org.sgdvi.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DoubleWellTest {

    private static final double H = 1e-5;

    @Test
    void gradPhiAndHessianMatchCentralDifferences() {
        DoubleWell w = new DoubleWell(0.7);
        double[] g = new double[2];
        double[] hess = new double[4];
        double[] gp = new double[2];
        double[] gm = new double[2];
        for (double[] x : DynamicsTestData.points(1, 50, 2.0)) {
            w.gradPhi(x[0], x[1], g);
            double d1 = (w.potential(x[0] + H, x[1]) - w.potential(x[0] - H, x[1])) / (2 * H);
            double d2 = (w.potential(x[0], x[1] + H) - w.potential(x[0], x[1] - H)) / (2 * H);
            assertThat(g[0]).isCloseTo(d1, within(1e-8 * (1 + Math.abs(d1))));
            assertThat(g[1]).isCloseTo(d2, within(1e-8 * (1 + Math.abs(d2))));
            w.hessianPhi(x[0], x[1], hess);
            w.gradPhi(x[0] + H, x[1], gp);
            w.gradPhi(x[0] - H, x[1], gm);
            assertThat(hess[0]).isCloseTo((gp[0] - gm[0]) / (2 * H), within(1e-7));
            assertThat(hess[2]).isCloseTo((gp[1] - gm[1]) / (2 * H), within(1e-7));
            w.gradPhi(x[0], x[1] + H, gp);
            w.gradPhi(x[0], x[1] - H, gm);
            assertThat(hess[1]).isCloseTo((gp[0] - gm[0]) / (2 * H), within(1e-7));
            assertThat(hess[3]).isCloseTo((gp[1] - gm[1]) / (2 * H), within(1e-7));
        }
    }

    @ParameterizedTest
    @CsvSource({"0.0,1.0", "0.5,1.0", "1.5,1.0", "1.5,2.0", "0.8,0.5"})
    void analyticJacobiansMatchCentralDifferences(double lambda, double beta) {
        DoubleWell w = new DoubleWell(lambda, beta);
        checkJacobian(w.gradFField(), 2.0);
        checkJacobian(VectorField2D.of(w::conservativeForce, w::conservativeForceJacobian), 2.0);
    }

    private static void checkJacobian(VectorField2D field, double r) {
        double[] jac = new double[4];
        double[] p = new double[2];
        double[] m = new double[2];
        for (double[] x : DynamicsTestData.points(2, 60, r)) {
            field.jacobian(x[0], x[1], jac);
            for (int k = 0; k < 2; k++) {
                double e1 = k == 0 ? H : 0;
                double e2 = k == 1 ? H : 0;
                field.value(x[0] + e1, x[1] + e2, p);
                field.value(x[0] - e1, x[1] - e2, m);
                for (int i = 0; i < 2; i++) {
                    double fd = (p[i] - m[i]) / (2 * H);
                    assertThat(jac[2 * i + k]).as("dg%d/dx%d at (%f, %f)", i, k, x[0], x[1])
                            .isCloseTo(fd, within(1e-7 * (1 + Math.abs(fd))));
                }
            }
        }
    }

    @Test
    void forceIsThePapersFormulaAtBetaOne() {
        // j = lambda exp(Phi) J_ss evaluated literally, against the simplified exponent used in the code
        double lambda = 1.5;
        DoubleWell w = new DoubleWell(lambda);
        double[] j = new double[2];
        double[] jss = new double[2];
        double[] gf = new double[2];
        double[] gp = new double[2];
        for (double[] x : DynamicsTestData.points(3, 40, 1.8)) {
            w.conservativeForce(x[0], x[1], j);
            w.stationaryCurrent(x[0], x[1], jss);
            double scale = lambda * Math.exp(w.potential(x[0], x[1]));
            assertThat(j[0]).isCloseTo(scale * jss[0], within(1e-12 * (1 + Math.abs(j[0]))));
            assertThat(j[1]).isCloseTo(scale * jss[1], within(1e-12 * (1 + Math.abs(j[1]))));
            w.gradF(x[0], x[1], gf);
            w.gradPhi(x[0], x[1], gp);
            assertThat(gf[0]).isCloseTo(gp[0] - j[0], within(1e-12));
            assertThat(gf[1]).isCloseTo(gp[1] - j[1], within(1e-12));
        }
    }

    @ParameterizedTest
    @CsvSource({"1.5,1.0", "0.5,1.0", "1.0,2.0", "1.0,0.5"})
    void stationaryCurrentIsDivergenceFreeAndTheCurlOfPsi(double lambda, double beta) {
        DoubleWell w = new DoubleWell(lambda, beta);
        double h = 1e-4;
        double[] p = new double[2];
        double[] m = new double[2];
        double[] jss = new double[2];
        for (double[] x : DynamicsTestData.points(4, 40, 1.8)) {
            // div(j exp(-beta Phi)) by central differences of the product
            w.conservativeForce(x[0] + h, x[1], p);
            double a = p[0] * Math.exp(-beta * w.potential(x[0] + h, x[1]));
            w.conservativeForce(x[0] - h, x[1], m);
            double b = m[0] * Math.exp(-beta * w.potential(x[0] - h, x[1]));
            w.conservativeForce(x[0], x[1] + h, p);
            double c = p[1] * Math.exp(-beta * w.potential(x[0], x[1] + h));
            w.conservativeForce(x[0], x[1] - h, m);
            double d = m[1] * Math.exp(-beta * w.potential(x[0], x[1] - h));
            double div = (a - b) / (2 * h) + (c - d) / (2 * h);
            assertThat(div).isCloseTo(0.0, within(1e-7));
            // curl psi = (d2 psi, -d1 psi) = lambda J_ss
            w.stationaryCurrent(x[0], x[1], jss);
            double d2psi = (w.streamFunction(x[0], x[1] + h) - w.streamFunction(x[0], x[1] - h)) / (2 * h);
            double d1psi = (w.streamFunction(x[0] + h, x[1]) - w.streamFunction(x[0] - h, x[1])) / (2 * h);
            assertThat(d2psi).isCloseTo(lambda * jss[0], within(1e-7));
            assertThat(-d1psi).isCloseTo(lambda * jss[1], within(1e-7));
        }
    }

    @Test
    void unscaledCurrentIsNotStationaryAtOtherBeta() {
        // the paper's j (beta = 1) with exp(-2 Phi): div(j exp(-2 Phi)) != 0 somewhere
        DoubleWell paper = new DoubleWell(1.0);
        double beta = 2.0;
        double h = 1e-4;
        double[] p = new double[2];
        double[] m = new double[2];
        double x1 = 0.7;
        double x2 = 0.5;
        paper.conservativeForce(x1 + h, x2, p);
        paper.conservativeForce(x1 - h, x2, m);
        double div = (p[0] * Math.exp(-beta * paper.potential(x1 + h, x2))
                - m[0] * Math.exp(-beta * paper.potential(x1 - h, x2))) / (2 * h);
        paper.conservativeForce(x1, x2 + h, p);
        paper.conservativeForce(x1, x2 - h, m);
        div += (p[1] * Math.exp(-beta * paper.potential(x1, x2 + h))
                - m[1] * Math.exp(-beta * paper.potential(x1, x2 - h))) / (2 * h);
        assertThat(Math.abs(div)).isGreaterThan(1e-2);
    }

    @Test
    void gradFIsOdd() {
        DoubleWell w = new DoubleWell(1.5);
        double[] a = new double[2];
        double[] b = new double[2];
        for (double[] x : DynamicsTestData.points(5, 20, 2.0)) {
            w.gradF(x[0], x[1], a);
            w.gradF(-x[0], -x[1], b);
            assertThat(a[0]).isCloseTo(-b[0], within(1e-14));
            assertThat(a[1]).isCloseTo(-b[1], within(1e-14));
        }
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new DoubleWell(Double.NaN)).hasMessageContaining("lambda");
        assertThatThrownBy(() -> new DoubleWell(1.0, 0.0)).hasMessageContaining("beta");
    }
}
