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
        double[][] cov = covarianceOverEveryBatch(Sampling.WITHOUT_REPLACEMENT, 56);
        DiffusionMatrix dPrime = estimate(Sampling.WITHOUT_REPLACEMENT);
        assertThat(maxAbsDiff(toJava(dPrime.minibatchCovariance(B)), cov)).isLessThan(1e-14);
        // the textbook form sigma^2 (N - b) / (b (N - 1)) with sigma^2 = D (with replacement)
        double[][] d = toJava(estimate(Sampling.WITH_REPLACEMENT).matrix());
        scale(d, (double) (N - B) / (B * (N - 1)));
        assertThat(maxAbsDiff(d, cov)).isLessThan(1e-14);
    }

    @Test
    void withReplacementOverAllOrderedTuples() {
        double[][] cov = covarianceOverEveryBatch(Sampling.WITH_REPLACEMENT, 512);
        assertThat(maxAbsDiff(toJava(estimate(Sampling.WITH_REPLACEMENT).minibatchCovariance(B)), cov)).isLessThan(1e-14);
    }

    private DiffusionMatrix estimate(Sampling sampling) {
        return new DiffusionEstimator(DataType.DOUBLE, sampling).estimate(toArray(g, DataType.DOUBLE));
    }

    /**
     * The covariance of the mean gradient of a batch of B = 3, averaged over every batch: all ordered tuples with
     * replacement, all subsets a < b < c without; {@code expectedBatches} pins how many were enumerated.
     */
    private double[][] covarianceOverEveryBatch(Sampling sampling, int expectedBatches) {
        boolean with = sampling == Sampling.WITH_REPLACEMENT;
        double[][] cov = new double[DIM][DIM];
        int batches = 0;
        for (int a = 0; a < N; a++) {
            for (int b = with ? 0 : a + 1; b < N; b++) {
                for (int c = with ? 0 : b + 1; c < N; c++) {
                    accumulate(cov, new int[] {a, b, c});
                    batches++;
                }
            }
        }
        assertThat(batches).isEqualTo(expectedBatches);
        scale(cov, 1.0 / batches);
        return cov;
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
