package org.sgdvi.core.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.gradients.HessianVectorProducts;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.linalg.SymmetricEigen;
import org.sgdvi.core.spectrum.MatrixFreeSolver;

/**
 * Stochastic Lanczos quadrature against exact spectra: a dense symmetric matrix Q diag(lambda) Q^T with a known,
 * Hessian-like spectrum (a bulk in [-0.5, 1] and 20 outliers in [5, 20]), and the dense Hessian of a tiny network
 * (formed from exact products, eigenvalues by syev). The moments' tolerances are 4 standard errors of the
 * Rademacher estimator, computed from the exact matrix: Var(z^T B z) = 2 (||B||_F^2 - sum_i B_ii^2).
 */
class SpectralDensityTest {

    private static final int D = 1000;
    private static final int OUTLIERS = 20;

    private static double[] knownSpectrum() {
        Random rng = new Random(5);
        double[] lambda = new double[D];
        for (int i = 0; i < D; i++) {
            lambda[i] = i < D - OUTLIERS ? -0.5 + 1.5 * rng.nextDouble() : 5 + 15 * rng.nextDouble();
        }
        return lambda;
    }

    private static INDArray withSpectrum(double[] lambda) {
        Random rng = new Random(6);
        double[][] g = new double[D][D];
        for (double[] row : g) {
            for (int j = 0; j < D; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        INDArray q = Nd4j.createFromArray(g);
        SymmetricEigen.orthonormalize(q);
        INDArray a = q.mulRowVector(Nd4j.createFromArray(lambda).reshape(1, D)).mmul(q.transpose());
        return SymmetricEigen.symmetrize(a);
    }

    /** The standard error of (1/d) q^T B q averaged over n_v Rademacher vectors. */
    private static double hutchinsonError(INDArray b, int nv) {
        double f2 = b.mul(b).sumNumber().doubleValue();
        double diag = 0;
        for (int i = 0; i < b.rows(); i++) {
            diag += b.getDouble(i, i) * b.getDouble(i, i);
        }
        return Math.sqrt(2 * (f2 - diag) / nv) / b.rows();
    }

    private static double fractionAtMost(double[] lambda, double x) {
        return Arrays.stream(lambda).filter(l -> l <= x).count() / (double) lambda.length;
    }

    @Test
    void momentsAndDistributionMatchAKnownSpectrum() {
        double[] lambda = knownSpectrum();
        INDArray a = withSpectrum(lambda);
        // the matrix was built right: its eigenvalues are lambda
        double[] check = SymmetricEigen.eigenvalues(a, SymmetricEigen.Order.ASCENDING);
        double[] sorted = lambda.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < D; i++) {
            assertThat(check[i]).isCloseTo(sorted[i], within(1e-10 * 20));
        }
        int nv = 20;
        DenseOperator op = new DenseOperator(a);
        SpectralDensity.Result r = SpectralDensity.estimate(op, new SpectralDensity.Options(80, nv, 17, 2000, 0.005),
                new SpectralDensity.Bounds(sorted[0], sorted[D - 1], 1e-10 * 20));
        assertThat(r.checks()).allMatch(c -> c.passed(), "all checks pass");
        assertThat(r.checks()).extracting(c -> c.name()).contains("densityQuadratureMass", "densityFirstMoment",
                "densityLanczosOrthogonality", "densityNodesWithinSpectrum", "densityIntegral");
        assertThat(op.passes()).isEqualTo(80).isEqualTo(r.products());
        double mean = Arrays.stream(lambda).average().orElseThrow();
        double second = Arrays.stream(lambda).map(l -> l * l).average().orElseThrow();
        assertThat(r.moment(1)).isCloseTo(mean, within(4 * hutchinsonError(a, nv)));
        assertThat(r.moment(2)).isCloseTo(second, within(4 * hutchinsonError(a.mmul(a), nv)));
        assertThat(r.traceOverDimension().value()).isCloseTo(r.moment(1), within(1e-12));
        assertThat(r.traceOverDimension().standardError()).isPositive();
        assertThat(r.moment(0)).isCloseTo(1, within(1e-12));
        // the CDF: in the gap between bulk and outliers, in the bulk, among the outliers
        for (double x : new double[] {-0.25, 0.25, 0.75, 3, 12}) {
            assertThat(r.cdf(x)).as("F(%s)", x).isCloseTo(fractionAtMost(lambda, x), within(0.02));
        }
        // the outliers' fraction with its error bar over the quadratures
        CurvatureAnalysis.Estimate outliers = r.fraction(3, Double.POSITIVE_INFINITY);
        assertThat(outliers.value()).isCloseTo(1 - r.cdf(3), within(1e-12));
        assertThat(outliers.value()).isCloseTo(OUTLIERS / (double) D, within(Math.max(4 * outliers.standardError(), 0.005)));
        // the broadened density integrates to 1 and puts the outliers' mass 20/1000 above 3
        double above = 0;
        for (int i = 1; i < r.grid().length; i++) {
            if (r.grid()[i - 1] >= 3) {
                above += 0.5 * (r.density()[i] + r.density()[i - 1]) * (r.grid()[i] - r.grid()[i - 1]);
            }
        }
        assertThat(above).isCloseTo(OUTLIERS / (double) D, within(0.01));
    }

    @Test
    void anInvariantSubspaceEndsTheRecursionWithExactQuadrature() {
        // rank-3 diagonal matrix: every Rademacher start lies in a 4-dimensional Krylov space
        double[] diag = new double[60];
        diag[0] = 3;
        diag[1] = 1;
        diag[2] = -2;
        INDArray a = Nd4j.diag(Nd4j.createFromArray(diag));
        SpectralDensity.Result r = SpectralDensity.estimate(new DenseOperator(a), new SpectralDensity.Options(30, 4, 2,
                1000, 0.01), new SpectralDensity.Bounds(-2, 3, 1e-12));
        assertThat(r.checks()).allMatch(c -> c.passed());
        // each quadrature has at most 4 nodes: 0 (mass 57/60), 3, 1, -2 (each 1/60 exactly for Rademacher)
        assertThat(r.nodes().length).isLessThanOrEqualTo(4 * 4);
        assertThat(r.cdf(-1)).isCloseTo(1 / 60.0, within(1e-10));
        assertThat(r.cdf(0.5)).isCloseTo(58 / 60.0, within(1e-10));
        assertThat(r.moment(1)).isCloseTo(2 / 60.0, within(1e-12));
        assertThat(r.moment(2)).isCloseTo(14 / 60.0, within(1e-12));
    }

    @Test
    void matchesTheDenseHessianOfATinyNetwork() {
        MultiLayerNetwork net = CurvatureAnalysisTest.net();
        INDArray[] xy = CurvatureAnalysisTest.data();
        HessianVectorProducts hvp = new HessianVectorProducts(net, 32, HessianVectorProducts.Curvature.HESSIAN);
        long d = hvp.dimension();
        INDArray h = SymmetricEigen.symmetrize(hvp.apply(xy[0], xy[1], Nd4j.eye(d).castTo(DataType.DOUBLE)).products());
        double[] mu = SymmetricEigen.eigenvalues(h, SymmetricEigen.Order.ASCENDING);
        int nv = 16;
        HessianOperator op = new HessianOperator(hvp, xy[0], xy[1], 1);
        SpectralDensity.Result r = SpectralDensity.estimate(op, new SpectralDensity.Options(60, nv, 9, 1000, 0.005),
                new SpectralDensity.Bounds(mu[0], mu[(int) d - 1], 1e-9 * Math.abs(mu[(int) d - 1])));
        assertThat(r.checks()).allMatch(c -> c.passed());
        assertThat(r.moment(1)).isCloseTo(Arrays.stream(mu).average().orElseThrow(), within(4 * hutchinsonError(h, nv)));
        assertThat(r.moment(2)).isCloseTo(Arrays.stream(mu).map(l -> l * l).average().orElseThrow(),
                within(4 * hutchinsonError(h.mmul(h), nv)));
        double top = mu[(int) d - 1];
        for (double x : new double[] {0.25 * top, 0.5 * top}) {
            assertThat(r.cdf(x)).as("F(%s)", x).isCloseTo(fractionAtMost(mu, x), within(0.02));
        }
        // the extreme nodes found the extreme eigenvalues (Lanczos converges there first)
        assertThat(Arrays.stream(r.nodes()).max().orElseThrow()).isCloseTo(top, within(1e-6 * top));
    }

    @Test
    void oneBlockLanczosRunGivesBothEndsAndItsBlockQuadratureIsExactForLowDegrees() {
        // a bulk in [-0.5, 1], 20 outliers in [5, 20] above it and 10 in [-3, -1] below it
        Random rng = new Random(8);
        double[] lambda = new double[D];
        for (int i = 0; i < D; i++) {
            lambda[i] = i < 20 ? 5 + 15 * rng.nextDouble() : i < 30 ? -3 + 2 * rng.nextDouble() : -0.5 + 1.5 * rng.nextDouble();
        }
        double[] sorted = lambda.clone();
        Arrays.sort(sorted);
        INDArray a = withSpectrum(lambda);
        int b = 20;
        int k = 5;
        double[][] signs = new double[D][b];
        Random starts = new Random(9);
        for (double[] row : signs) {
            for (int j = 0; j < b; j++) {
                row[j] = starts.nextBoolean() ? 1 : -1;
            }
        }
        INDArray z = Nd4j.createFromArray(signs);
        DenseOperator op = new DenseOperator(a);
        MatrixFreeSolver.Extremes e = new MatrixFreeSolver(3, k, k, 1e-9, 200, FreeMemory::probe)
                .extremeEigenpairs(op, k, z, 12, line -> { });
        double norm = 20;
        assertThat(e.top().converged()).isTrue();
        assertThat(e.bottom().converged()).isTrue();
        assertThat(e.blockSteps()).isGreaterThanOrEqualTo(12);
        assertThat(op.passes()).as("the steps and one check pass for both ends").isEqualTo(e.blockSteps() + 1);
        for (int i = 0; i < k; i++) {
            assertThat(e.top().values()[i]).isCloseTo(sorted[D - 1 - i], within(1e-8 * norm));
            assertThat(-e.bottom().values()[i]).isCloseTo(sorted[i], within(1e-8 * norm));
            assertThat(e.top().residuals()[i]).isLessThan(1e-7 * norm);
            assertThat(e.bottom().residuals()[i]).isLessThan(1e-7 * norm);
        }
        // the images are A times the formed vectors
        INDArray x = Nd4j.hstack(e.top().vectors(), e.bottom().vectors());
        assertThat(e.images().sub(a.mmul(x)).norm2Number().doubleValue()).isLessThan(1e-12 * norm);
        // block Gauss quadrature: sum_l w_lj theta_l^p = z_j^T A^p z_j / ||z_j||^2 for p <= 2 s - 1
        double[] theta = e.ritzValues();
        INDArray ap = Nd4j.eye(D).castTo(DataType.DOUBLE);
        for (int p = 0; p <= 9; p++) {
            for (int j = 0; j < b; j++) {
                INDArray zj = z.getColumn(j).reshape(D, 1);
                double exact = zj.transpose().mmul(ap).mmul(zj).getDouble(0) / D;
                double quad = 0;
                for (int l = 0; l < theta.length; l++) {
                    quad += e.startWeights().getDouble(l, j) * Math.pow(theta[l], p);
                }
                assertThat(quad).as("degree %d, start vector %d", p, j).isCloseTo(exact, within(1e-9 * Math.pow(norm, p)));
            }
            ap = ap.mmul(a);
        }
        SpectralDensity.Result r = SpectralDensity.fromBlockLanczos(e, SpectralDensity.Options.defaults(1), D,
                DataType.DOUBLE);
        assertThat(r.checks()).allMatch(c -> c.passed(), "all checks pass");
        assertThat(r.checks()).extracting(c -> c.name()).contains("densityQuadratureMass", "densityFirstMoment",
                "densityLanczosOrthogonality", "densityStartBlock", "densityIntegral");
        assertThat(r.vectors()).isEqualTo(b);
        assertThat(r.steps()).isEqualTo(e.blockSteps());
        assertThat(r.moment(0)).isCloseTo(1, within(1e-12));
        double mean = Arrays.stream(lambda).average().orElseThrow();
        assertThat(r.moment(1)).isCloseTo(mean, within(4 * hutchinsonError(a, b)));
        assertThat(r.traceOverDimension().value()).isCloseTo(r.moment(1), within(1e-12));
        for (double x0 : new double[] {-2, -0.25, 0.25, 0.75, 3, 12}) {
            assertThat(r.cdf(x0)).as("F(%s)", x0).isCloseTo(fractionAtMost(lambda, x0), within(0.03));
        }
    }

    @Test
    void refusesOptionsItCannotRunWith() {
        assertThatThrownBy(() -> new SpectralDensity.Options(1, 4, 1, 1000, 0.01)).hasMessageContaining("steps");
        assertThatThrownBy(() -> new SpectralDensity.Options(10, 4, 1, 50, 0.01)).hasMessageContaining("grid points");
    }
}
