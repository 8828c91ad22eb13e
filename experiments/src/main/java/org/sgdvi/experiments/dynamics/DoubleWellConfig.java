package org.sgdvi.experiments.dynamics;

import java.util.List;

/**
 * Everything that determines a double-well run (Example 19).
 *
 * @param lambdas   rotation strengths lambda
 * @param beta      inverse temperature (noise sqrt(2/beta) dW); 1 is the paper's example
 * @param particles Euler-Maruyama particles
 * @param steps     Euler-Maruyama steps of the main run (horizon T = steps dt)
 * @param dt        Euler-Maruyama step; the step-size study uses 8 dt, 4 dt, 2 dt, dt (those &lt;= 0.1) over the same horizon
 * @param seed      seed of every random stream (derived per lambda and purpose)
 * @param fpCells   Fokker-Planck cells per axis on [-fpBox, fpBox]^2
 * @param fpBox     half-width of the Fokker-Planck box
 * @param fpTime    Fokker-Planck horizon
 */
public record DoubleWellConfig(List<Double> lambdas, double beta, int particles, int steps, double dt, long seed,
                               int fpCells, double fpBox, double fpTime) {

    /** Start of the particles and centre of the Fokker-Planck initial Gaussian (off-centre). */
    public static final double START_X1 = 1.5;
    /** See {@link #START_X1}. */
    public static final double START_X2 = 1.0;
    /** Standard deviation of the Fokker-Planck initial Gaussian. */
    public static final double START_SD = 0.3;
    /** Largest Euler-Maruyama step used anywhere (the step-size study drops multiples above it). */
    public static final double MAX_DT = 0.1;

    public DoubleWellConfig {
        lambdas = List.copyOf(lambdas);
        if (lambdas.isEmpty()) {
            throw new IllegalArgumentException("--lambda: expected at least one value");
        }
        for (double l : lambdas) {
            if (!Double.isFinite(l)) {
                throw new IllegalArgumentException("--lambda: expected finite values, got " + l);
            }
        }
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("--beta: expected a finite value > 0, got " + beta);
        }
        if (particles < 2) {
            throw new IllegalArgumentException("--particles: expected >= 2, got " + particles);
        }
        if (steps < 10) {
            throw new IllegalArgumentException("--steps: expected >= 10, got " + steps);
        }
        if (!(dt > 0) || dt > MAX_DT) {
            throw new IllegalArgumentException("--dt: expected 0 < dt <= " + MAX_DT
                    + " (Euler-Maruyama diverges in the quartic tails beyond), got " + dt);
        }
        if (fpCells < 4) {
            throw new IllegalArgumentException("--fp-cells: expected >= 4, got " + fpCells);
        }
        if (!(fpBox > 1)) {
            throw new IllegalArgumentException("--fp-box: expected > 1, got " + fpBox);
        }
        if (!(fpTime > 0)) {
            throw new IllegalArgumentException("--fp-time: expected > 0, got " + fpTime);
        }
    }

    /** Horizon of the main sampler run, steps * dt. */
    public double horizon() {
        return steps * dt;
    }
}
