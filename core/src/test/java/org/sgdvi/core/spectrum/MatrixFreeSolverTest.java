package org.sgdvi.core.spectrum;

import org.sgdvi.core.kernels.JacobiEigenvalues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.GradientTestData;
import org.sgdvi.core.diffusion.MatrixChunkSource;
import org.sgdvi.core.diffusion.Sampling;

class MatrixFreeSolverTest extends EigenSolverContract {

    @Override
    EigenSolver solver() {
        return new MatrixFreeSolver(7, 4, 256, 1e-7, 60, FreeMemory::probe);
    }

    @Test
    void growsKUntilTheSmallestRitzValueIsBelowTheRankThreshold() {
        double[] lambdas = new double[12];
        for (int i = 0; i < lambdas.length; i++) {
            lambdas[i] = 12 - i;
        }
        GradientTestData.KnownSpectrum ks = GradientTestData.knownSpectrum(60, 80, lambdas, 11);
        SpectrumResult r = solver().solve(streamed(ks.g(), DataType.DOUBLE, Sampling.WITH_REPLACEMENT, 20));
        // k = 4 -> 8 -> 16: the 16th Ritz value is the first below the threshold (12 nonzero eigenvalues)
        assertThat(r.computed()).isEqualTo(16);
        assertThat(r.tail()).isEqualTo(SpectrumResult.Tail.BELOW_THRESHOLD);
        assertThat(r.residuals()).hasSize(16);
        assertThat(java.util.Arrays.stream(r.residuals()).max().orElseThrow()).isLessThanOrEqualTo(1e-7 * 12);
        assertThat(r.passes()).isPositive();
        assertSpectrum(r, lambdas, 1.0, 1e-9);
    }

    @Test
    void stopsAtKMaxWithAnUnknownTail() {
        double[] lambdas = {8, 7, 6, 5, 4, 3, 2, 1};
        GradientTestData.KnownSpectrum ks = GradientTestData.knownSpectrum(40, 50, lambdas, 12);
        SpectrumResult r = new MatrixFreeSolver(1, 2, 4, 1e-8, 100, FreeMemory::probe)
                .solve(streamed(ks.g(), DataType.DOUBLE, Sampling.WITH_REPLACEMENT, 40));
        assertThat(r.computed()).isEqualTo(4);
        assertThat(r.tail()).isEqualTo(SpectrumResult.Tail.UNKNOWN);
        assertThat(r.eigenvalues()).containsExactly(new double[] {8, 7, 6, 5}, within(1e-9));
    }

    @Test
    void theExplicitRitzResidualsPassWhenConvergedAndFailWhenStoppedEarly() {
        // D has a slowly decaying spectrum (Wishart, d = 120 > N = 90): 2 passes of 4 vectors are far from converged
        double[][] g = GradientTestData.gaussian(90, 120, 0.0, 1.0, 23);
        SpectrumInput in = streamed(g, DataType.DOUBLE, Sampling.WITH_REPLACEMENT, 30);
        SpectrumResult done = new MatrixFreeSolver(5, 4, 256, 1e-8, 200, FreeMemory::probe).solve(in);
        assertThat(done.converged()).isTrue();
        assertThat(done.checkedResiduals()).hasSize(16);
        // the explicit residuals agree with the ones the block recurrence reports
        for (int i = 0; i < 16; i++) {
            assertThat(done.checkedResiduals()[i]).isCloseTo(done.residuals()[i], within(1e-9 * done.eigenvalues()[0]));
        }
        assertThat(org.sgdvi.core.check.Checks.spectrum(done)).allMatch(org.sgdvi.core.check.Check::passed);

        SpectrumResult early = new MatrixFreeSolver(5, 4, 256, 1e-8, 2, FreeMemory::probe).solve(in);
        assertThat(early.converged()).isFalse();
        // two Lanczos passes and the explicit check; gbar was found for the first solve of this input
        assertThat(early.passes()).isEqualTo(2 + 1);
        assertThat(org.sgdvi.core.check.Checks.spectrum(early)).filteredOn(c -> !c.passed())
                .extracting(org.sgdvi.core.check.Check::name).containsExactly("ritzResiduals");
    }

    @Test
    void sameSeedSameResult() {
        double[][] g = GradientTestData.gaussian(30, 40, 0, 1, 13);
        SpectrumInput in = streamed(g, DataType.FLOAT, Sampling.WITH_REPLACEMENT, 10);
        SpectrumResult a = new MatrixFreeSolver(5, 4, 8, 1e-4, 3, FreeMemory::probe).solve(in);
        SpectrumResult b = new MatrixFreeSolver(5, 4, 8, 1e-4, 3, FreeMemory::probe).solve(in);
        assertThat(a.eigenvalues()).isEqualTo(b.eigenvalues());
    }

    @Test
    void handlesADimensionWhoseDenseMatrixWouldNotFit() {
        // d = 100,000: D would need 40 GB in float32; the free memory offered is 1 GB
        double[] lambdas = {3, 2, 1};
        GradientTestData.KnownSpectrum ks = GradientTestData.knownSpectrum(24, 100_000, lambdas, 14);
        FreeMemory oneGigabyte = new FreeMemory(1_000_000_000L, 1L << 30);
        SpectrumInput in = SpectrumInput.streaming(new MatrixChunkSource(ks.matrix(DataType.FLOAT), 8),
                Sampling.WITH_REPLACEMENT, DataType.FLOAT);
        assertThat(SolverChooser.choose(100_000, 24, DataType.FLOAT, 8, new FreeMemory(1_000_000_000L, 1L << 30)))
                .isEqualTo(SolverKind.GRAM);
        SpectrumResult r = new MatrixFreeSolver(3, 4, 64, 1e-5, 30, () -> oneGigabyte).solve(in);
        assertThat(r.eigenvalues()[0]).isCloseTo(3, within(3e-5));
        assertThat(r.eigenvalues()[1]).isCloseTo(2, within(3e-5));
        assertThat(r.eigenvalues()[2]).isCloseTo(1, within(3e-5));
        assertThat(r.tail()).isEqualTo(SpectrumResult.Tail.BELOW_THRESHOLD);
        assertThat(SpectrumStatistics.of(r).rank()).isEqualTo(3);
    }

    @Test
    void everyReportedResidualBoundsTheDistanceToAnEigenvalue() {
        // stopped early (3 passes of 4 vectors), the Ritz values are not yet eigenvalues; for a
        // symmetric matrix some eigenvalue lies within ||D x - theta x|| of each Ritz value theta
        double[][] g = GradientTestData.gaussian(70, 40, 0.1, 1.0, 21);
        double[] reference = JacobiEigenvalues.of(GradientTestData.centredDiffusion(g, Sampling.WITH_REPLACEMENT));
        SpectrumResult r = new MatrixFreeSolver(9, 8, 8, 1e-12, 3, FreeMemory::probe)
                .solve(streamed(g, DataType.DOUBLE, Sampling.WITH_REPLACEMENT, 16));
        assertThat(r.converged()).isFalse();
        // the pass that finds gbar, three Lanczos passes, the explicit check
        assertThat(r.passes()).isEqualTo(1 + 3 + 1);
        boolean someValueIsStillOff = false;
        for (int i = 0; i < r.computed(); i++) {
            double theta = r.eigenvalues()[i];
            double nearest = java.util.Arrays.stream(reference).map(l -> Math.abs(l - theta)).min().orElseThrow();
            assertThat(nearest).as("Ritz value %d = %s, residual %s", i, theta, r.residuals()[i])
                    .isLessThanOrEqualTo(r.residuals()[i] * (1 + 1e-9) + 1e-12);
            assertThat(theta).as("Ritz value %d is a lower bound", i).isLessThanOrEqualTo(reference[i] + 1e-12);
            someValueIsStillOff |= nearest > 1e-6;
        }
        assertThat(someValueIsStillOff).as("the test needs an unconverged Ritz value").isTrue();
    }

    @Test
    void reportsEveryPassToTheProgressListener() {
        double[] lambdas = {4, 3, 2, 1};
        GradientTestData.KnownSpectrum ks = GradientTestData.knownSpectrum(30, 50, lambdas, 22);
        java.util.List<MatrixFreeSolver.Progress> seen = new java.util.ArrayList<>();
        SpectrumResult r = new MatrixFreeSolver(4, 4, 64, 1e-10, 50, FreeMemory::probe).withProgress(seen::add)
                .solve(streamed(ks.g(), DataType.DOUBLE, Sampling.WITH_REPLACEMENT, 8));
        assertThat(r.passes()).as("gbar, one pass per progress line, the check").isEqualTo(1 + seen.size() + 1);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i).pass()).isEqualTo(i + 1);
            assertThat(seen.get(i).basis()).isEqualTo(4L * (i + 1));
        }
        assertThat(seen.get(seen.size() - 1).largestResidual()).isLessThanOrEqualTo(1e-10);
        assertSpectrum(r, lambdas, 1.0, 1e-9);
    }

    @Test
    void stopsWhenTheNextBlockWouldNotFitAndKeepsWhatItHas() {
        double[] lambdas = new double[30];
        for (int i = 0; i < lambdas.length; i++) {
            lambdas[i] = 30 - i;
        }
        GradientTestData.KnownSpectrum ks = GradientTestData.knownSpectrum(60, 200, lambdas, 23);
        int[] probes = {0};
        // room for the first two blocks only
        java.util.function.Supplier<FreeMemory> shrinking = () -> probes[0]++ < 2
                ? new FreeMemory(1L << 30, 1L << 30) : new FreeMemory(1000, 1L << 30);
        SpectrumResult r = new MatrixFreeSolver(6, 8, 64, 1e-10, 50, shrinking)
                .solve(streamed(ks.g(), DataType.DOUBLE, Sampling.WITH_REPLACEMENT, 20));
        assertThat(r.passes()).isEqualTo(1 + 2 + 1);
        assertThat(r.converged()).isFalse();
        assertThat(r.tail()).isEqualTo(SpectrumResult.Tail.UNKNOWN);
        assertThat(r.computed()).isPositive();
        for (int i = 0; i < r.computed(); i++) {
            assertThat(r.eigenvalues()[i]).isLessThanOrEqualTo(lambdas[i] + 1e-9);
        }
    }
}
