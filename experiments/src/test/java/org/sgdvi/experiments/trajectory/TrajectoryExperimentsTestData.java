package org.sgdvi.experiments.trajectory;

import java.util.SplittableRandom;

/** Seeded small trajectories for the experiments-module trajectory tests. */
public final class TrajectoryExperimentsTestData {

    private TrajectoryExperimentsTestData() {
    }

    /** rows[k][i]: a slow oscillation (2 cycles) plus a seeded random walk, T x d. */
    public static double[][] trajectory(int t, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[t][d];
        for (int i = 0; i < d; i++) {
            double phase = 2 * Math.PI * random.nextDouble();
            double walk = 0;
            for (int k = 0; k < t; k++) {
                walk += 0.05 * random.nextGaussian();
                rows[k][i] = Math.sin(2 * Math.PI * 2.0 * k / t + phase) + walk;
            }
        }
        return rows;
    }

    /** A slowly decaying noisy gradient norm of length t. */
    public static double[] gradNorm(int t, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] g = new double[t];
        for (int k = 0; k < t; k++) {
            g[k] = 3 * Math.exp(-k / (double) t) + 0.2 * random.nextDouble();
        }
        return g;
    }
}
