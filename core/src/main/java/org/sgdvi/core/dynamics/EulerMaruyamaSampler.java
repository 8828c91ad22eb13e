package org.sgdvi.core.dynamics;

import java.util.SplittableRandom;

/**
 * Euler-Maruyama for dx = -g(x) dt + sqrt(2 / beta) dW in R^2 (the continuous-time SGD of
 * Lemma 2 with D = I; g = grad f for Example 19):
 * x_{k+1} = x_k - g(x_k) dt + sqrt(2 dt / beta) xi_k, xi_k ~ N(0, I), all particles at once.
 * Gaussians come from one seeded {@link SplittableRandom}, drawn particle by particle, so a run
 * is reproducible from (seed, particle count, steps). Optionally each particle's angle around the
 * origin is unwrapped step by step (atan2 of cross and dot product of consecutive positions).
 */
public final class EulerMaruyamaSampler {

    private final VectorField2D g;
    private final double beta;
    private final double dt;
    private final SplittableRandom random;
    private final boolean trackWinding;

    /**
     * @param g            the field whose negative is the drift
     * @param beta         inverse temperature (noise sqrt(2/beta))
     * @param dt           time step
     * @param seed         seed of the Gaussian stream
     * @param trackWinding whether to accumulate unwrapped angles (costs an atan2 per particle per step)
     */
    public EulerMaruyamaSampler(VectorField2D g, double beta, double dt, long seed, boolean trackWinding) {
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("EulerMaruyamaSampler: beta must be finite and > 0, got " + beta);
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("EulerMaruyamaSampler: dt must be finite and > 0, got " + dt);
        }
        this.g = g;
        this.beta = beta;
        this.dt = dt;
        this.random = new SplittableRandom(seed);
        this.trackWinding = trackWinding;
    }

    public double dt() {
        return dt;
    }

    /**
     * Advances every particle by {@code steps} steps.
     *
     * @throws IllegalStateException if a particle leaves the finite numbers (step too large)
     */
    public void advance(ParticleEnsemble e, int steps) {
        double noise = Math.sqrt(2.0 * dt / beta);
        double[] v = new double[2];
        double[] x1 = e.x1;
        double[] x2 = e.x2;
        double[] w = e.winding;
        int n = x1.length;
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
                double a = x1[i];
                double b = x2[i];
                g.value(a, b, v);
                double na = a - v[0] * dt + noise * random.nextGaussian();
                double nb = b - v[1] * dt + noise * random.nextGaussian();
                if (trackWinding) {
                    w[i] += Math.atan2(a * nb - b * na, a * na + b * nb);
                }
                x1[i] = na;
                x2[i] = nb;
            }
            e.time += dt;
            if (trackWinding) {
                e.windingTime += dt;
            }
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x1[i]) || !Double.isFinite(x2[i])) {
                throw new IllegalStateException("EulerMaruyamaSampler: particle " + i + " diverged at t=" + e.time
                        + " with dt=" + dt + "; use a smaller time step");
            }
        }
    }
}
