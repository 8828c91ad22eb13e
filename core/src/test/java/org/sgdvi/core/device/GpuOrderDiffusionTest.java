package org.sgdvi.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.diffusion.DiffusionEstimator;
import org.sgdvi.core.diffusion.DiffusionMatrix;
import org.sgdvi.core.diffusion.GradientTestData;
import org.sgdvi.core.diffusion.MatrixChunkSource;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.linalg.SymmetricEigen;

/**
 * The GPU's order of work (chunked SYRK on a shifted stream, one rank-1 mean correction, syevd) run on
 * the CPU through {@link CpuOrderAlgebra}, against the existing CPU path (centred GEMM accumulation,
 * LAPACK syev in double) and against closed forms.
 */
class GpuOrderDiffusionTest {

    /** A gradient stream over a double[][] as float32 chunks. */
    static GpuOrderDiffusion.Chunks chunks(double[][] g, int chunkRows) {
        return new GpuOrderDiffusion.Chunks() {
            @Override
            public int dimension() {
                return g[0].length;
            }

            @Override
            public int maxRows() {
                return chunkRows;
            }

            @Override
            public void forEach(GpuOrderDiffusion.ChunkConsumer consumer) {
                int d = g[0].length;
                for (int first = 0; first < g.length; first += chunkRows) {
                    int m = Math.min(chunkRows, g.length - first);
                    float[] x = new float[m * d];
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < d; j++) {
                            x[i * d + j] = (float) g[first + i][j];
                        }
                    }
                    consumer.accept(x, m);
                }
            }
        };
    }

    static double[] cpuPath(double[][] g, Sampling sampling) {
        INDArray ga = GradientTestData.toArray(g, DataType.DOUBLE);
        DiffusionMatrix dm = new DiffusionEstimator(DataType.DOUBLE, sampling).estimate(new MatrixChunkSource(ga, 64));
        return SymmetricEigen.eigenvalues(dm.matrix(), true, SymmetricEigen.Order.DESCENDING);
    }

    @Test
    void chunkedSyrkWithOneMeanCorrectionMatchesTheCpuPathOnOffsetGradients() {
        // a large common offset (8) makes the uncentred second moment 60x larger than D: the shift keeps float32 exact
        double[][] g = GradientTestData.gaussian(900, 60, 8.0, 1.0, 11);
        for (Sampling sampling : Sampling.values()) {
            double[] expected = cpuPath(g, sampling);
            for (int chunkRows : new int[] {900, 128, 37, 1}) {
                try (CpuOrderAlgebra algebra = new CpuOrderAlgebra()) {
                    GpuOrderDiffusion.Result r = GpuOrderDiffusion.dense(algebra, chunks(g, chunkRows), 900,
                            sampling.scatterDivisor(900), line -> { });
                    double lmax = expected[0];
                    assertThat(r.eigenvalues()).hasSize(60);
                    for (int i = 0; i < 60; i++) {
                        assertThat(r.eigenvalues()[i]).as("eigenvalue %d, %s, chunks of %d", i, sampling, chunkRows)
                                .isCloseTo(expected[i], within(2e-5 * lmax));
                    }
                    double sum = java.util.Arrays.stream(expected).sum();
                    double squares = java.util.Arrays.stream(expected).map(v -> v * v).sum();
                    assertThat(r.trace()).isCloseTo(sum, within(1e-6 * sum));
                    assertThat(r.frobeniusSquared()).isCloseTo(squares, within(1e-4 * squares));
                    for (int j = 0; j < 60; j++) {
                        double mean = 0;
                        for (double[] row : g) {
                            mean += row[j];
                        }
                        assertThat(r.mean()[j]).isCloseTo(mean / 900, within(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void gramRouteGivesTheNonzeroEigenvaluesOfD() {
        double[][] g = GradientTestData.gaussian(40, 90, 3.0, 1.0, 5);
        double[] expected = cpuPath(g, Sampling.WITH_REPLACEMENT);
        double[] mean = new double[90];
        for (double[] row : g) {
            for (int j = 0; j < 90; j++) {
                mean[j] += row[j] / 40;
            }
        }
        try (CpuOrderAlgebra algebra = new CpuOrderAlgebra()) {
            GpuOrderDiffusion.Result r = GpuOrderDiffusion.gram(algebra, chunks(g, 16), 40, mean, 40, line -> { });
            assertThat(r.eigenvalues()).hasSize(40);
            for (int i = 0; i < 40; i++) {
                assertThat(r.eigenvalues()[i]).isCloseTo(expected[i], within(2e-5 * expected[0]));
            }
            double sum = java.util.Arrays.stream(expected).sum();
            assertThat(r.trace()).isCloseTo(sum, within(1e-6 * sum));
        }
    }

    @Test
    void spikedGradientsHaveTheSpectrumOfTheirRByRCovariance() {
        // the check's generator at a small size: D through the GPU's order, through the existing CPU path, and the
        // r-dimensional reference all agree, and numpy's rank is exactly r
        CheckReference ref = CheckReferenceBuilder.build(17, 1500, 240, 12);
        SpikedGradients gen = ref.generator();
        List<double[]> rows = new ArrayList<>();
        float[] all = gen.chunk(0, 1500, null);
        for (int i = 0; i < 1500; i++) {
            double[] row = new double[240];
            for (int j = 0; j < 240; j++) {
                row[j] = all[i * 240 + j];
            }
            rows.add(row);
        }
        double[] cpu = cpuPath(rows.toArray(new double[0][]), Sampling.WITH_REPLACEMENT);
        try (CpuOrderAlgebra algebra = new CpuOrderAlgebra()) {
            GpuOrderDiffusion.Result r = GpuOrderDiffusion.dense(algebra, gen.chunks(200), 1500, 1500, line -> { });
            DeviceCheck.Agreement a = DeviceCheck.compare(r.eigenvalues(), ref, r.trace(), r.frobeniusSquared());
            assertThat(a.passed()).as("%s", a).isTrue();
            assertThat(a.rank()).isEqualTo(12);
            assertThat(a.maxDifference()).isLessThan(1e-5);
        }
        for (int i = 0; i < 240; i++) {
            double expected = i < 12 ? ref.eigenvalues()[i] : 0;
            assertThat(cpu[i]).isCloseTo(expected, within(1e-5 * ref.lambdaMax()));
        }
        assertThat(ref.lambdaMax()).isBetween(300.0, 500.0);
        assertThat(ref.numpyRank()).isEqualTo(12);
    }

    @Test
    void generatorIsTheSameChunkByChunkAsInOnePiece() {
        SpikedGradients gen = new SpikedGradients(3, 50, 30, SpikedGradients.spikedTheta(6));
        float[] whole = gen.chunk(0, 50, null);
        float[] part = gen.chunk(20, 7, null);
        for (int i = 0; i < 7 * 30; i++) {
            assertThat(part[i]).isEqualTo(whole[20 * 30 + i]);
        }
        assertThat(Nd4j.createFromArray(whole).reshape(50, 30).sumNumber().doubleValue()).isNotZero();
    }
}
