package org.sgdvi.core.dynamics;

/**
 * Noise-free trajectories of x' = -g(x) by the classical fourth-order Runge-Kutta method
 * (the deterministic part of continuous-time SGD; for Example 19 at lambda = 1.5 it shows the
 * rotation around the origin that the noise turns into the paper's limit cycles).
 */
public final class FlowIntegrator {

    private final VectorField2D g;
    private final double dt;

    public FlowIntegrator(VectorField2D g, double dt) {
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("FlowIntegrator: dt must be finite and > 0, got " + dt);
        }
        this.g = g;
        this.dt = dt;
    }

    /**
     * The trajectory from (x1, x2): {@code steps + 1} points as {x1[], x2[]} (index 0 is the start).
     */
    public double[][] trajectory(double x1, double x2, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("FlowIntegrator: steps must be >= 0, got " + steps);
        }
        double[] a = new double[steps + 1];
        double[] b = new double[steps + 1];
        a[0] = x1;
        b[0] = x2;
        double[] k1 = new double[2];
        double[] k2 = new double[2];
        double[] k3 = new double[2];
        double[] k4 = new double[2];
        for (int s = 0; s < steps; s++) {
            double p = a[s];
            double q = b[s];
            g.value(p, q, k1);
            g.value(p - 0.5 * dt * k1[0], q - 0.5 * dt * k1[1], k2);
            g.value(p - 0.5 * dt * k2[0], q - 0.5 * dt * k2[1], k3);
            g.value(p - dt * k3[0], q - dt * k3[1], k4);
            a[s + 1] = p - dt / 6.0 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
            b[s + 1] = q - dt / 6.0 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
        }
        return new double[][] {a, b};
    }
}
