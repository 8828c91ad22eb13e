package org.sgdvi.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DoubleWellDensityTest {

    /**
     * Midpoint rule on [-L, L]^2 with m^2 cells, a second, independent quadrature (spectrally
     * accurate for smooth integrands that vanish at the edges); L = 10 covers 7 sd of x2 at beta = 0.5.
     */
    private static double midpoint2d(java.util.function.DoubleBinaryOperator f, int m) {
        double l = 10.0;
        double h = 2 * l / m;
        double s = 0;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < m; k++) {
                s += f.applyAsDouble(-l + (i + 0.5) * h, -l + (k + 0.5) * h);
            }
        }
        return s * h * h;
    }

    /** Composite Simpson rule on the rectangle with m (even) panels per axis. */
    private static double simpson2d(java.util.function.DoubleBinaryOperator f, double a1, double b1,
                                    double a2, double b2, int m) {
        double h1 = (b1 - a1) / m;
        double h2 = (b2 - a2) / m;
        double s = 0;
        for (int i = 0; i <= m; i++) {
            double wi = i == 0 || i == m ? 1 : (i % 2 == 1 ? 4 : 2);
            for (int k = 0; k <= m; k++) {
                double wk = k == 0 || k == m ? 1 : (k % 2 == 1 ? 4 : 2);
                s += wi * wk * f.applyAsDouble(a1 + i * h1, a2 + k * h2);
            }
        }
        return s * h1 * h2 / 9.0;
    }

    @ParameterizedTest
    @CsvSource({"1.5,1.0", "0.5,2.0", "0.0,0.5"})
    void normalizerAndAngularVelocityMatchTwoDimensionalQuadrature(double lambda, double beta) {
        DoubleWell w = new DoubleWell(lambda, beta);
        DoubleWellDensity density = new DoubleWellDensity(w);
        double z = midpoint2d((a, b) -> Math.exp(-beta * w.potential(a, b)), 1000);
        assertThat(density.normalizer()).isCloseTo(z, within(1e-9 * z));
        // E[x cross (-grad f) / |x|^2] by brute force
        double[] g = new double[2];
        double omega = midpoint2d((a, b) -> {
            double r2 = a * a + b * b;
            w.gradF(a, b, g);
            return (-a * g[1] + b * g[0]) / r2 * Math.exp(-beta * w.potential(a, b));
        }, 1000) / z;
        assertThat(density.meanAngularVelocity()).isCloseTo(omega, within(1e-6 + 1e-6 * Math.abs(omega)));
    }

    @ParameterizedTest
    @CsvSource({"1.0", "2.0"})
    void cellProbabilitiesMatchDensityAndSumToBoxMass(double beta) {
        DoubleWell w = new DoubleWell(0.0, beta);
        DoubleWellDensity density = new DoubleWellDensity(w);
        Grid2D grid = new Grid2D(-2.0, 2.0, 8);
        double[] p = density.cellProbabilities(grid);
        double total = 0;
        for (int i = 0; i < grid.cells(); i++) {
            for (int k = 0; k < grid.cells(); k++) {
                double s = simpson2d(density::density, grid.edge(i), grid.edge(i + 1),
                        grid.edge(k), grid.edge(k + 1), 40);
                assertThat(p[grid.index(i, k)]).isCloseTo(s, within(1e-7 * s + 1e-14));
                total += p[grid.index(i, k)];
            }
        }
        assertThat(total).isCloseTo(density.probability(-2, 2, -2, 2), within(1e-12));
        assertThat(total).isLessThan(1.0);
    }
}
