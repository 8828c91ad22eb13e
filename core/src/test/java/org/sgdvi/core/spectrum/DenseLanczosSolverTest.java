package org.sgdvi.core.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.check.Check;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.diffusion.DiffusionEstimator;
import org.sgdvi.core.diffusion.DiffusionMatrix;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.GradientTestData;
import org.sgdvi.core.diffusion.MatrixChunkSource;
import org.sgdvi.core.diffusion.Sampling;

/**
 * The dense-Lanczos route against LAPACK syev on the same formed D: everything the spectrum report shows
 * (lambda_max, rank, mean, std, histogram) and the top eigenvalues; its self-checks fail on a broken operator.
 */
class DenseLanczosSolverTest extends EigenSolverContract {

    @Override
    EigenSolver solver() {
        return new DenseLanczosSolver(7);
    }

    /** r eigenvalues from 1 down to {@code smallest} (geometric). */
    private static double[] geometric(int r, double smallest) {
        double[] l = new double[r];
        for (int i = 0; i < r; i++) {
            l[i] = Math.pow(smallest, (double) i / (r - 1));
        }
        return l;
    }

    /**
     * Low-rank gradients N = 1,600 > d = 1,000 with 60 eigenvalues of D from 1 to 1e-3, well above the float32 rank
     * threshold 1,000 eps = 1.2e-4, plus isotropic noise of variance {@code noise} (a nonzero tail).
     */
    private static INDArray lowRankGradients(DataType dtype, double noise, long seed) {
        int n = 1_600;
        int d = 1_000;
        GradientTestData.KnownSpectrum ks = GradientTestData.knownSpectrum(n, d, geometric(60, 1e-3), seed);
        INDArray g = ks.matrix(DataType.DOUBLE);
        if (noise > 0) {
            g.addi(GradientTestData.toArray(GradientTestData.gaussian(n, d, 0, Math.sqrt(noise), seed + 1), DataType.DOUBLE));
        }
        return g.castTo(dtype);
    }

    /** The route and syev on the same D (formed once), with every reported number compared. */
    private static void agreesWithSyev(DataType dtype, double noise, long seed, double momentsTolerance) {
        INDArray g = lowRankGradients(dtype, noise, seed);
        DiffusionMatrix dm = new DiffusionEstimator(dtype, Sampling.WITH_REPLACEMENT).estimate(g);
        SpectrumResult lanczos = new DenseLanczosSolver(3).solve(SpectrumInput.of(dm));
        SpectrumResult dense = new DenseSymmetricSolver().solve(SpectrumInput.of(dm));
        assertThat(lanczos.solver()).isEqualTo(DenseLanczosSolver.NAME);
        assertThat(lanczos.tail()).isEqualTo(SpectrumResult.Tail.BELOW_THRESHOLD);
        assertThat(lanczos.converged()).isTrue();
        assertThat(lanczos.computed()).isLessThan(200);
        List<Check> checks = Checks.spectrum(lanczos);
        assertThat(checks).extracting(Check::name).contains("ritzResiduals", "ritzOrthogonality", "tailTrace", "tailSquareSum");
        assertThat(checks).as("%s", checks).allMatch(Check::passed);

        SpectrumStatistics l = SpectrumStatistics.of(lanczos);
        SpectrumStatistics s = SpectrumStatistics.of(dense);
        assertThat(l.rank()).isEqualTo(s.rank()).isEqualTo(60);
        assertThat(l.lambdaMax()).isCloseTo(s.lambdaMax(), within(1e-5 * s.lambdaMax()));
        assertThat(l.mean()).isCloseTo(s.mean(), within(momentsTolerance * s.mean()));
        assertThat(l.std()).isCloseTo(s.std(), within(momentsTolerance * s.std()));
        assertThat(l.histogram().counts()).isEqualTo(s.histogram().counts());
        for (int i = 0; i < l.rank(); i++) {
            assertThat(lanczos.eigenvalues()[i]).as("eigenvalue %d", i)
                    .isCloseTo(dense.eigenvalues()[i], within(1e-5 * s.lambdaMax()));
        }
    }

    @Test
    void agreesWithSyevInFloatOnLowRankGradientsWithANoiseTail() {
        // noise eigenvalues at most about 3e-5 lambda_max: nonzero, below the threshold; the tail carries some trace
        agreesWithSyev(DataType.FLOAT, 1e-5, 41, 1e-6);
    }

    @Test
    void agreesWithSyevInDoubleOnExactlyLowRankGradients() {
        agreesWithSyev(DataType.DOUBLE, 0, 42, 1e-10);
    }

    @Test
    void theMeanAndStdCountTheEigenvaluesBelowTheThresholdExactly() {
        // a float32 D whose tail below the threshold carries trace: zero-filling would miss it, tr D does not
        INDArray g = lowRankGradients(DataType.FLOAT, 1e-5, 43);
        DiffusionMatrix dm = new DiffusionEstimator(DataType.FLOAT, Sampling.WITH_REPLACEMENT).estimate(g);
        SpectrumResult lanczos = new DenseLanczosSolver(3).solve(SpectrumInput.of(dm));
        assertThat(lanczos.reference().momentsFromNorms()).isTrue();
        double[] all = new DenseSymmetricSolver().solve(SpectrumInput.of(dm)).eigenvalues();
        double sum = 0;
        for (double v : all) {
            sum += v;
        }
        double zeroFilled = SpectrumStatistics.of(lanczos.eigenvalues(), 1_000, Checks.epsilon(DataType.FLOAT), 50).mean();
        double exact = SpectrumStatistics.of(lanczos).mean();
        assertThat(Math.abs(zeroFilled - sum / 1_000)).isGreaterThan(1e-4 * sum / 1_000);
        assertThat(exact).isCloseTo(sum / 1_000, within(1e-6 * sum / 1_000));
    }

    @Test
    void formsDFromStreamedGradientsInOnePass() {
        INDArray g = lowRankGradients(DataType.FLOAT, 0, 44);
        SpectrumInput in = SpectrumInput.streaming(new MatrixChunkSource(g, 256), Sampling.WITH_REPLACEMENT, DataType.FLOAT);
        SpectrumResult r = new DenseLanczosSolver(5).solve(in);
        assertThat(r.passes()).isEqualTo(1);
        assertThat(r.exampleCount()).isEqualTo(1_600);
        assertThat(SpectrumStatistics.of(r).rank()).isEqualTo(60);
        assertThat(Checks.spectrum(r)).allMatch(Check::passed);
    }

    @Test
    void aHighRankDFallsBackToAllEigenvaluesByLapack() {
        // Wishart, d = 400 < N = 800: full rank, so k reaches d / 8 with the k-th Ritz value above the threshold
        double[][] g = GradientTestData.gaussian(800, 400, 0.1, 1.0, 45);
        DiffusionMatrix dm = new DiffusionEstimator(DataType.DOUBLE, Sampling.WITH_REPLACEMENT)
                .estimate(GradientTestData.toArray(g, DataType.DOUBLE));
        List<String> lines = new java.util.ArrayList<>();
        SpectrumResult r = new DenseLanczosSolver(9).withProgress(lines::add).solve(SpectrumInput.of(dm));
        SpectrumResult dense = new DenseSymmetricSolver().solve(SpectrumInput.of(dm));
        assertThat(r.solver()).isEqualTo(DenseSymmetricSolver.NAME);
        assertThat(r.tail()).isEqualTo(SpectrumResult.Tail.NONE);
        assertThat(r.eigenvalues()).containsExactly(dense.eigenvalues(), within(1e-12 * dense.lambdaMax()));
        assertThat(lines).anyMatch(line -> line.contains("all d eigenvalues by LAPACK"));
        assertThat(Checks.spectrum(r)).allMatch(Check::passed);
    }

    /** The failing checks when the Lanczos runs on {@code broken.apply(D)} instead of the product with D. */
    private static List<String> failedWith(java.util.function.Function<INDArray, UnaryOperator<SymmetricOperator>> broken) {
        INDArray g = lowRankGradients(DataType.FLOAT, 0, 46);
        DiffusionMatrix dm = new DiffusionEstimator(DataType.FLOAT, Sampling.WITH_REPLACEMENT).estimate(g);
        SpectrumResult r = new DenseLanczosSolver(3, 1e-5, FreeMemory::probe, line -> { }, broken.apply(dm.matrix()))
                .solve(SpectrumInput.of(dm));
        return Checks.spectrum(r).stream().filter(c -> !c.passed()).map(Check::name).toList();
    }

    @Test
    void theSelfChecksFailOnAnOperatorWithTheWrongNormalisation() {
        // N / (N - 1) D V (without replacement) while D itself is the with-replacement one: right vectors, every
        // eigenvalue 6e-4 too large, far above the residual target
        assertThat(failedWith(d -> op -> new Wrapped(op, (v, y) -> y.muli(1_600.0 / 1_599))))
                .contains("ritzResiduals");
    }

    @Test
    void theSelfChecksFailOnAnOperatorWithASpuriousDirection() {
        // (D + 0.5 u u^T) V for a seeded unit u: still of low rank (no fallback), its eigenpairs are not D's, and
        // the trace it adds is more than the d - k eigenvalues below the threshold can hold
        assertThat(failedWith(d -> {
            double[][] column = GradientTestData.gaussian((int) d.rows(), 1, 0, 1, 47);
            INDArray u = GradientTestData.toArray(column, d.dataType());
            u.divi(u.norm2Number());
            return op -> new Wrapped(op, (v, y) -> y.addi(u.mmul(u.transpose().mmul(v)).muli(0.5)));
        })).contains("ritzResiduals", "tailTrace", "eigenvalueTraceSum");
    }

    /** An operator whose product is D V changed by {@code change(V, Y)} in place. */
    private record Wrapped(SymmetricOperator op, java.util.function.BiConsumer<INDArray, INDArray> change)
            implements SymmetricOperator {
        @Override
        public long dimension() {
            return op.dimension();
        }

        @Override
        public DataType dataType() {
            return op.dataType();
        }

        @Override
        public INDArray apply(INDArray v) {
            INDArray y = op.apply(v);
            change.accept(v, y);
            return y;
        }

        @Override
        public int passes() {
            return op.passes();
        }
    }
}
