package org.sgdvi.core.dynamics.linear;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.gradients.FullGradient;
import org.sgdvi.core.dynamics.DynamicsTestData;

/**
 * The call sites rewired from ND4J's {@code Eigen.symmetricGeneralizedEigenvalues} to
 * {@link org.sgdvi.core.linalg.SymmetricEigen} give the numbers the old route gives: each result is
 * recomputed here the old way, with ND4J's {@code Eigen}, and compared to rounding (eigenvectors up
 * to sign, which none of the results depends on).
 */
class SymmetricEigenCallSitesTest {

    private static final double EPS = Math.ulp(1.0);

    /** A symmetric indefinite F (some pairs ill-posed) and a PSD D of rank about n / 2. */
    private static double[][][] problem(int n) {
        double[][] g = DynamicsTestData.gaussian(11 + n, n, n);
        double[][] f = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                f[i][j] = 0.5 * (g[i][j] + g[j][i]);
            }
        }
        return new double[][][] {f, DynamicsTestData.psd(5 + n, n, Math.max(2, n / 2))};
    }

    private static double relative(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / Math.max(b.norm2Number().doubleValue(), Double.MIN_NORMAL);
    }

    @Test
    void lyapunovLinearizationMatchesTheNd4jEigenRoute() {
        for (int n : new int[] {7, 40, 130}) {
            double[][][] p = problem(n);
            LinearizationResult r = new LyapunovLinearization(1e-8).decompose(p[0], p[1]);
            INDArray f = Nd4j.createFromArray(p[0]);
            INDArray d = Nd4j.createFromArray(p[1]);
            INDArray v = f.dup();
            double[] mu = Eigen.symmetricGeneralizedEigenvalues(v, true).toDoubleVector();
            double scale = Math.max(Math.abs(mu[0]), Math.abs(mu[n - 1]));
            double tol = 10 * n * EPS * scale;
            double[] mine = r.eigenvalues().toDoubleVector();
            double gap = Double.POSITIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                assertThat(Math.abs(mine[k] - mu[k])).as("n %d mu_%d", n, k).isLessThan(tol);
                if (k > 0) {
                    gap = Math.min(gap, mu[k] - mu[k - 1]);
                }
            }
            for (int k = 0; k < n; k++) {
                INDArray a = r.eigenvectors().getColumn(k);
                INDArray b = v.getColumn(k);
                double sign = Math.signum(a.mul(b).sumNumber().doubleValue());
                assertThat(a.sub(b.mul(sign)).norm2Number().doubleValue()).as("n %d v_%d up to sign", n, k)
                        .isLessThan(10 * tol / gap);
            }
            // S = V_W S'_W V_W^T, S'_ij = 2 D'_ij / (mu_i + mu_j), from ND4J's eigenvectors
            int[] w = r.wellPosedIndices();
            INDArray vw = Nd4j.create(DataType.DOUBLE, n, w.length);
            for (int c = 0; c < w.length; c++) {
                vw.putColumn(c, v.getColumn(w[c]));
            }
            INDArray dPrime = vw.transpose().mmul(d).mmul(vw);
            INDArray sPrime = Nd4j.create(DataType.DOUBLE, w.length, w.length);
            for (int a = 0; a < w.length; a++) {
                for (int b = 0; b < w.length; b++) {
                    double dab = 0.5 * (dPrime.getDouble(a, b) + dPrime.getDouble(b, a));
                    sPrime.putScalar(a, b, 2 * dab / (mu[w[a]] + mu[w[b]]));
                }
            }
            INDArray s = vw.mmul(sPrime).mmul(vw.transpose());
            assertThat(w.length).as("n %d has ill-posed directions and a well-posed subspace", n).isBetween(1, n - 1);
            assertThat(relative(r.s(), s)).as("n %d S", n).isLessThan(1e4 * tol / gap);
            // Q = F S - D_W with D_W = P_W D P_W
            INDArray pw = vw.mmul(vw.transpose());
            INDArray q = f.mmul(s).sub(pw.mmul(d).mmul(pw));
            assertThat(relative(r.q(), q)).as("n %d Q", n).isLessThan(1e4 * tol / gap);
        }
    }

    @Test
    void randomBasisMatchesTheNd4jEigenRoute() {
        for (int n : new int[] {7, 40, 130}) {
            INDArray a = Nd4j.createFromArray(DynamicsTestData.psd(3 + n, n, n));
            long seed = 23;
            // DetailedBalance.randomBasis as it was written on ND4J's Eigen
            double[] lambda = Eigen.symmetricGeneralizedEigenvalues(a.dup(), false).toDoubleVector();
            SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
            double[][] g = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double x = random.nextGaussian() * (i == j ? Math.sqrt(2) : 1);
                    g[i][j] = x;
                    g[j][i] = x;
                }
            }
            INDArray o = Nd4j.createFromArray(g);
            Eigen.symmetricGeneralizedEigenvalues(o, true);
            INDArray b = o.mulRowVector(Nd4j.createFromArray(lambda)).mmul(o.transpose());
            INDArray before = b.add(b.transpose()).muli(0.5);
            // the eigenvectors of the GOE matrix enter with a gap-dependent error
            assertThat(relative(DetailedBalance.randomBasis(a, seed), before)).as("n %d", n).isLessThan(1e-9);
            assertThat(a.toDoubleMatrix()).as("input untouched").isDeepEqualTo(DynamicsTestData.psd(3 + n, n, n));
        }
    }

    @Test
    void skewNormMatchesTheNd4jEigenRoute() {
        for (int n : new int[] {7, 40, 130}) {
            SplittableRandom rnd = new SplittableRandom(n);
            double[][] m = new double[n][n];
            for (double[] row : m) {
                for (int j = 0; j < n; j++) {
                    row[j] = rnd.nextGaussian();
                }
            }
            INDArray mm = Nd4j.createFromArray(m);
            FullGradient map = FiniteDifferenceHessianTest.map(n,
                    x -> mm.mmul(Nd4j.createFromArray(x).reshape(n, 1)).reshape(n).toDoubleVector());
            HessianEstimate h = new FiniteDifferenceHessian(1e-4).estimate(map, Nd4j.zeros(DataType.DOUBLE, n));
            INDArray raw = h.raw();
            INDArray skew = raw.sub(raw.transpose()).muli(0.5);
            INDArray ata = skew.transpose().mmul(skew);
            ata = ata.add(ata.transpose()).muli(0.5);
            double max = 0;
            for (double x : Eigen.symmetricGeneralizedEigenvalues(ata, false).toDoubleVector()) {
                max = Math.max(max, x);
            }
            assertThat(Math.abs(h.skewNorm() - Math.sqrt(max))).as("n %d", n).isLessThan(10 * n * EPS * Math.sqrt(max));
            assertThat(relative(h.symmetric(), raw.add(raw.transpose()).muli(0.5))).isZero();
        }
    }
}
