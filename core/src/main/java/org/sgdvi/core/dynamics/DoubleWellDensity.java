package org.sgdvi.core.dynamics;

import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.special.Erf;

/**
 * The stationary density p_ss(x) = exp(-beta Phi(x)) / Z(beta) of the double well
 * (Example 19), which factorizes: exp(-beta (x1^2 - 1)^2 / 4) times exp(-beta x2^2 / 2), so
 * Z(beta) = Z1(beta) sqrt(2 pi / beta) with Z1 a 1-D integral computed by Gauss-Legendre
 * quadrature, and cell probabilities are products of 1-D integrals (exact up to quadrature
 * error, about 1e-12).
 *
 * <p>It also gives the exact stationary mean angular velocity around the origin,
 * E[x x (-grad f) / |x|^2] = lambda E[exp(beta e)] = lambda pi^{3/2} beta^{-1/2} / Z(beta)
 * (the grad Phi part vanishes by the x2 -> -x2 symmetry), against which the sampler's winding
 * rate is tested.
 */
public final class DoubleWellDensity {

    private static final double TAIL = 12.0;

    private final DoubleWell well;
    private final double z1;

    public DoubleWellDensity(DoubleWell well) {
        this.well = well;
        this.z1 = integrateX1(-TAIL, TAIL);
    }

    private double integrateX1(double a, double b) {
        if (b <= a) {
            return 0.0;
        }
        double beta = well.beta();
        IterativeLegendreGaussIntegrator integrator =
                new IterativeLegendreGaussIntegrator(8, 1e-14, 1e-300, 2, 64);
        return integrator.integrate(Integer.MAX_VALUE, x -> {
            double s = x * x - 1.0;
            return Math.exp(-0.25 * beta * s * s);
        }, a, b);
    }

    private double gaussianX2(double a, double b) {
        double s = Math.sqrt(well.beta() / 2.0);
        return 0.5 * Erf.erf(a * s, b * s);
    }

    /** Z(beta) = integral of exp(-beta Phi) over R^2. */
    public double normalizer() {
        return z1 * Math.sqrt(2.0 * Math.PI / well.beta());
    }

    /** p_ss(x) = exp(-beta Phi(x)) / Z(beta). */
    public double density(double x1, double x2) {
        return Math.exp(-well.beta() * well.potential(x1, x2)) / normalizer();
    }

    /** Exact probability of the rectangle [a1, b1] x [a2, b2] under p_ss. */
    public double probability(double a1, double b1, double a2, double b2) {
        return integrateX1(a1, b1) / z1 * gaussianX2(a2, b2);
    }

    /**
     * Exact probability of every cell of {@code grid} under p_ss (flat index as in {@link Grid2D});
     * they sum to P(box) &lt; 1, the rest lies outside the box.
     */
    public double[] cellProbabilities(Grid2D grid) {
        int n = grid.cells();
        double[] p1 = new double[n];
        double[] p2 = new double[n];
        for (int i = 0; i < n; i++) {
            p1[i] = integrateX1(grid.edge(i), grid.edge(i + 1)) / z1;
            p2[i] = gaussianX2(grid.edge(i), grid.edge(i + 1));
        }
        double[] p = new double[grid.size()];
        for (int i1 = 0; i1 < n; i1++) {
            for (int i2 = 0; i2 < n; i2++) {
                p[grid.index(i1, i2)] = p1[i1] * p2[i2];
            }
        }
        return p;
    }

    /** lambda pi^{3/2} beta^{-1/2} / Z(beta): the exact stationary mean angular velocity (rad per unit time). */
    public double meanAngularVelocity() {
        return well.lambda() * Math.pow(Math.PI, 1.5) / Math.sqrt(well.beta()) / normalizer();
    }
}
