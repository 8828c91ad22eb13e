package org.sgdvi.core.trajectory;

import java.util.SplittableRandom;

/** Seeded trajectories and snapshots shared by the trajectory tests. */
final class TrajectoryTestData {

    private TrajectoryTestData() {
    }

    /** The deterministic snapshot k of a store test: weight i = k + i / 1000 (exact in float32 for small k). */
    static float[] snapshot(int k, int d) {
        float[] w = new float[d];
        for (int i = 0; i < d; i++) {
            w[i] = k * 1.5f + i * 0.25f - 3f;
        }
        return w;
    }

    /** The deterministic scalars of snapshot k: epoch k, gradient norm 1/(k+1), loss k^2. */
    static double[] scalars(int k) {
        return new double[] {k, 1.0 / (k + 1), (double) k * k};
    }

    /** rows[k][i] iid N(0, 1). */
    static double[][] whiteNoise(int t, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[t][d];
        for (double[] row : rows) {
            for (int i = 0; i < d; i++) {
                row[i] = random.nextGaussian();
            }
        }
        return rows;
    }

    /** rows[k][i] = sum_{j<=k} z_j with z iid N(0, sigma_i^2), sigma_i = 1 + i / d. */
    static double[][] randomWalk(int t, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[t][d];
        for (int k = 1; k < t; k++) {
            for (int i = 0; i < d; i++) {
                rows[k][i] = rows[k - 1][i] + (1.0 + (double) i / d) * random.nextGaussian();
            }
        }
        return rows;
    }

    /** rows[k][i] = a_i sin(2 pi f k + phi_i) with seeded amplitudes in [1, 2) and phases. */
    static double[][] sinusoid(int t, int d, double frequency, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[t][d];
        for (int i = 0; i < d; i++) {
            double a = 1 + random.nextDouble();
            double phi = 2 * Math.PI * random.nextDouble();
            for (int k = 0; k < t; k++) {
                rows[k][i] = a * Math.sin(2 * Math.PI * frequency * k + phi);
            }
        }
        return rows;
    }

    /** Column i of row-major data. */
    static double[] column(double[][] rows, int i) {
        double[] c = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            c[k] = rows[k][i];
        }
        return c;
    }
}
