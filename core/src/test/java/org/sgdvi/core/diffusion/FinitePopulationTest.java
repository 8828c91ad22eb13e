package org.sgdvi.core.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgdvi.core.diffusion.GradientTestData.maxAbsDiff;
import static org.sgdvi.core.diffusion.GradientTestData.toArray;
import static org.sgdvi.core.diffusion.GradientTestData.toJava;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Eq. (2) and appendix A2 of the paper by exact enumeration: the covariance of the mini-batch mean gradient
 * over every possible batch equals D / b (with replacement) and D' (1/b)(1 - b/N) (without).
 */
class FinitePopulationTest {

    private static final int N = 8;
    private static final int B = 3;
    private static final int DIM = 3;
    private final double[][] g = GradientTestData.gaussian(N, DIM, 1.0, 1.5, 21);

    @Test
    void withoutReplacementOverAllSubsetsOfSizeB() {
        double[][] cov = new double[DIM][DIM];
        int subsets = 0;
        for (int a = 0; a < N; a++) {
            for (int b = a + 1; b < N; b++) {
                for (int c = b + 1; c < N; c++) {
                    accumulate(cov, new int[] {a, b, c});
                    subsets++;
                }
            }
        }
        assertThat(subsets).isEqualTo(56);
        scale(cov, 1.0 / subsets);
        DiffusionMatrix dPrime = new DiffusionEstimator(DataType.DOUBLE, Sampling.WITHOUT_REPLACEMENT)
                .estimate(toArray(g, DataType.DOUBLE));
        assertThat(maxAbsDiff(toJava(dPrime.minibatchCovariance(B)), cov)).isLessThan(1e-14);
        // the textbook form sigma^2 (N - b) / (b (N - 1)) with sigma^2 = D (with replacement)
        double[][] d = toJava(new DiffusionEstimator(DataType.DOUBLE, Sampling.WITH_REPLACEMENT)
                .estimate(toArray(g, DataType.DOUBLE)).matrix());
        scale(d, (double) (N - B) / (B * (N - 1)));
        assertThat(maxAbsDiff(d, cov)).isLessThan(1e-14);
    }

    @Test
    void withReplacementOverAllOrderedTuples() {
        double[][] cov = new double[DIM][DIM];
        int tuples = 0;
        for (int a = 0; a < N; a++) {
            for (int b = 0; b < N; b++) {
                for (int c = 0; c < N; c++) {
                    accumulate(cov, new int[] {a, b, c});
                    tuples++;
                }
            }
        }
        assertThat(tuples).isEqualTo(512);
        scale(cov, 1.0 / tuples);
        DiffusionMatrix d = new DiffusionEstimator(DataType.DOUBLE, Sampling.WITH_REPLACEMENT)
                .estimate(toArray(g, DataType.DOUBLE));
        assertThat(maxAbsDiff(toJava(d.minibatchCovariance(B)), cov)).isLessThan(1e-14);
    }

    private void accumulate(double[][] cov, int[] batch) {
        double[] full = new double[DIM];
        double[] mean = new double[DIM];
        for (double[] row : g) {
            for (int j = 0; j < DIM; j++) {
                full[j] += row[j] / N;
            }
        }
        for (int k : batch) {
            for (int j = 0; j < DIM; j++) {
                mean[j] += g[k][j] / batch.length;
            }
        }
        for (int i = 0; i < DIM; i++) {
            for (int j = 0; j < DIM; j++) {
                cov[i][j] += (mean[i] - full[i]) * (mean[j] - full[j]);
            }
        }
    }

    private static void scale(double[][] a, double s) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= s;
            }
        }
    }
}
