package org.sgdvi.core.spectrum;

import org.sgdvi.core.kernels.JacobiEigenvalues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.diffusion.GradientTestData;
import org.sgdvi.core.diffusion.MatrixChunkSource;
import org.sgdvi.core.diffusion.Sampling;

/**
 * The contract every {@link EigenSolver} meets, run on the same matrices: diffusion matrices with
 * exactly known spectra built from orthonormal bases, and random Wishart matrices against an
 * independent DOUBLE Jacobi reference.
 */
abstract class EigenSolverContract {

    /** The solver under test. */
    abstract EigenSolver solver();

    static final double[] LAMBDAS = {5, 2, 1, 0.5, 0.1};

    /** A fresh symmetric 3 x 3 matrix with eigenvalues 3 + sqrt(3), 3, 3 - sqrt(3). */
    static INDArray smallDense() {
        return Nd4j.createFromArray(new double[][] {{2, 1, 0}, {1, 3, 1}, {0, 1, 4}});
    }

    static SpectrumInput streamed(double[][] g, DataType dtype, Sampling sampling, int chunkRows) {
        return SpectrumInput.streaming(new MatrixChunkSource(GradientTestData.toArray(g, dtype), chunkRows), sampling, dtype);
    }

    @Test
    void knownLowRankSpectrumInDouble() {
        GradientTestData.KnownSpectrum ks = GradientTestData.knownSpectrum(40, 60, LAMBDAS, 1);
        SpectrumResult r = solver().solve(streamed(ks.g(), DataType.DOUBLE, Sampling.WITH_REPLACEMENT, 7));
        assertSpectrum(r, LAMBDAS, 1.0, 1e-10 * LAMBDAS[0]);
        assertThat(r.dimension()).isEqualTo(60);
        assertThat(r.solver()).isEqualTo(solver().name());
        SpectrumStatistics s = SpectrumStatistics.of(r);
        assertThat(s.mean()).isCloseTo(8.6 / 60, within(1e-12));
    }

    @Test
    void withoutReplacementScalesTheSpectrumByNOverNMinusOne() {
        GradientTestData.KnownSpectrum ks = GradientTestData.knownSpectrum(40, 60, LAMBDAS, 2);
        SpectrumResult r = solver().solve(streamed(ks.g(), DataType.DOUBLE, Sampling.WITHOUT_REPLACEMENT, 16));
        assertSpectrum(r, LAMBDAS, 40.0 / 39, 1e-10 * LAMBDAS[0]);
    }

    @Test
    void knownSpectrumInFloatHasThePapersRank() {
        GradientTestData.KnownSpectrum ks = GradientTestData.knownSpectrum(40, 60, LAMBDAS, 3);
        SpectrumResult r = solver().solve(streamed(ks.g(), DataType.FLOAT, Sampling.WITH_REPLACEMENT, 8));
        assertThat(r.dataType()).isEqualTo(DataType.FLOAT);
        assertSpectrum(r, LAMBDAS, 1.0, 2e-6 * LAMBDAS[0]);
        SpectrumStatistics s = SpectrumStatistics.of(r);
        assertThat(s.rank()).isEqualTo(5);
        assertThat(s.rankFraction()).isCloseTo(5.0 / 60, within(1e-15));
    }

    @Test
    void geometricallyDecayingSpectrumLikeRealGradients() {
        double[] lambdas = new double[20];
        for (int i = 0; i < lambdas.length; i++) {
            lambdas[i] = Math.pow(2, -i);
        }
        GradientTestData.KnownSpectrum ks = GradientTestData.knownSpectrum(90, 120, lambdas, 4);
        SpectrumResult r = solver().solve(streamed(ks.g(), DataType.DOUBLE, Sampling.WITH_REPLACEMENT, 32));
        assertSpectrum(r, lambdas, 1.0, 1e-9);
    }

    @Test
    void wishartInFloatAndDoubleAgainstAJacobiReference() {
        double[][] g = GradientTestData.gaussian(50, 20, 0.3, 1.0, 5);
        double[] reference = JacobiEigenvalues.of(GradientTestData.centredDiffusion(g, Sampling.WITH_REPLACEMENT));
        SpectrumResult f64 = solver().solve(streamed(g, DataType.DOUBLE, Sampling.WITH_REPLACEMENT, 9));
        SpectrumResult f32 = solver().solve(streamed(g, DataType.FLOAT, Sampling.WITH_REPLACEMENT, 9));
        assertThat(f64.computed()).isEqualTo(20);
        assertThat(f32.computed()).isEqualTo(20);
        for (int i = 0; i < 20; i++) {
            assertThat(f64.eigenvalues()[i]).as("float64 eigenvalue %d", i).isCloseTo(reference[i], within(1e-11 * reference[0]));
            assertThat(f32.eigenvalues()[i]).as("float32 eigenvalue %d", i).isCloseTo(reference[i], within(1e-5 * reference[0]));
        }
        assertThat(SpectrumStatistics.of(f64).rank()).isEqualTo(20);
    }

    @Test
    void wishartWithFewerExamplesThanWeightsHasRankNMinusOne() {
        double[][] g = GradientTestData.gaussian(30, 45, -0.2, 0.7, 6);
        double[] reference = JacobiEigenvalues.of(GradientTestData.centredDiffusion(g, Sampling.WITHOUT_REPLACEMENT));
        SpectrumResult r = solver().solve(streamed(g, DataType.DOUBLE, Sampling.WITHOUT_REPLACEMENT, 4));
        double[] full = r.fullSpectrum();
        for (int i = 0; i < 45; i++) {
            assertThat(full[i]).as("eigenvalue %d", i).isCloseTo(reference[i], within(1e-11 * reference[0]));
        }
        assertThat(SpectrumStatistics.of(r).rank()).isEqualTo(29);
    }

    /**
     * A bare dense matrix in, its closed-form eigenvalues out, the input left untouched. A solver that
     * cannot take a bare dense matrix overrides this test (with its own {@code @Test}) to check that it
     * refuses one instead, so that the case never passes without testing anything.
     */
    @Test
    void smallDenseMatrixWithClosedFormEigenvalues() {
        var a = smallDense();
        var copy = a.dup();
        SpectrumResult r = solver().solve(SpectrumInput.dense(a));
        double s3 = Math.sqrt(3);
        assertThat(r.fullSpectrum()).containsExactly(new double[] {3 + s3, 3, 3 - s3}, within(1e-13));
        assertThat(a).isEqualTo(copy);
    }

    @Test
    void selfChecksPassOnTheComputedSpectrumAndFailOnAPerturbedOne() {
        // tr D and ||D||_F^2 from the exact D (double, Jacobi reference), not from the solver
        double[][] g = GradientTestData.gaussian(50, 30, 0.3, 1.0, 15);
        double[][] dExact = GradientTestData.centredDiffusion(g, Sampling.WITH_REPLACEMENT);
        double trace = 0;
        double frob = 0;
        for (int i = 0; i < dExact.length; i++) {
            trace += dExact[i][i];
            for (double v : dExact[i]) {
                frob += v * v;
            }
        }
        for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            SpectrumResult r = solver().solve(streamed(g, dtype, Sampling.WITH_REPLACEMENT, 9));
            java.util.List<org.sgdvi.core.check.Check> checks = org.sgdvi.core.check.Checks.spectrum(r);
            assertThat(checks).as("%s %s", solver().name(), dtype).isNotEmpty().allMatch(org.sgdvi.core.check.Check::passed);
            assertThat(checks).extracting(org.sgdvi.core.check.Check::name).contains("eigenvalueTraceSum");
            double eps = org.sgdvi.core.check.Checks.epsilon(dtype);
            assertThat(r.trace()).as("tr D from the input").isCloseTo(trace, within(100 * 50 * eps * trace));
            if (!Double.isNaN(r.frobeniusSquared())) {
                assertThat(r.frobeniusSquared()).isCloseTo(frob, within(100 * 50 * eps * frob));
            }
            // the top eigenvalue 10% too large breaks the trace sum (and, where known, the square sum)
            double[] wrong = r.eigenvalues().clone();
            wrong[0] *= 1.1;
            java.util.List<org.sgdvi.core.check.Check> bad = org.sgdvi.core.check.Checks.spectrum(r.withEigenvalues(wrong));
            assertThat(bad).filteredOn(c -> !c.passed()).extracting(org.sgdvi.core.check.Check::name)
                    .contains("eigenvalueTraceSum");
        }
    }

    /** The top values match lambdas * factor; every other value, computed or implied, is ~0. */
    static void assertSpectrum(SpectrumResult r, double[] lambdas, double factor, double tol) {
        assertThat(r.computed()).isGreaterThanOrEqualTo(lambdas.length);
        double[] e = r.eigenvalues();
        for (int i = 0; i < e.length; i++) {
            double expected = i < lambdas.length ? lambdas[i] * factor : 0;
            assertThat(e[i]).as("eigenvalue %d of %s", i, r).isCloseTo(expected, within(tol));
        }
        for (int i = 1; i < e.length; i++) {
            assertThat(e[i]).isLessThanOrEqualTo(e[i - 1]);
        }
        assertThat(r.tail()).isNotEqualTo(SpectrumResult.Tail.UNKNOWN);
        assertThat(r.converged()).isTrue();
    }
}
