package org.sgdvi.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.diffusion.GradientTestData;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.kernels.JacobiEigenvalues;
import org.sgdvi.core.kernels.LinearAlgebraKernels;
import org.sgdvi.core.linalg.SymmetricEigen.Decomposition;
import org.sgdvi.core.linalg.SymmetricEigen.Order;

/**
 * The contract of {@link SymmetricEigen} against independent truths: closed-form spectra, the pure-Java
 * Jacobi eigensolver, the eigen-equation residual and orthogonality, and entrywise symmetrization. The
 * sizes straddle 128 (127-131), where OpenBLAS switches blocked kernels and where a known OpenBLAS
 * release returned wrong double-precision eigenvectors on some CPUs. Tolerances follow the toolkit's
 * rule c n eps scale with c = 10, eps the unit roundoff of the type syev ran in.
 */
class SymmetricEigenTest {

    private static final int[] SIZES = {7, 8, 31, 64, 127, 128, 129, 130, 131, 200, 257};

    static java.util.stream.Stream<Arguments> sizesAndTypes() {
        java.util.stream.Stream.Builder<Arguments> b = java.util.stream.Stream.builder();
        for (int n : SIZES) {
            b.add(Arguments.of(n, DataType.DOUBLE));
            b.add(Arguments.of(n, DataType.FLOAT));
        }
        return b.build();
    }

    private static double eps(DataType type) {
        return type == DataType.FLOAT ? Math.ulp(1.0f) : Math.ulp(1.0);
    }

    /** tridiag(-1, 2, -1), the second-difference matrix: eigenvalues 2 - 2 cos(k pi / (n + 1)), k = 1..n. */
    private static double[][] secondDifference(int n) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][i] = 2;
            if (i + 1 < n) {
                a[i][i + 1] = -1;
                a[i + 1][i] = -1;
            }
        }
        return a;
    }

    private static double[] secondDifferenceEigenvalues(int n) {
        double[] mu = new double[n];
        for (int k = 1; k <= n; k++) {
            mu[k - 1] = 2 - 2 * Math.cos(k * Math.PI / (n + 1));
        }
        return mu; // ascending: cos decreases on (0, pi)
    }

    /** A seeded dense symmetric matrix with a spread spectrum: a centred diffusion matrix plus a GOE part. */
    private static double[][] randomSymmetric(int n, long seed) {
        double[][] g = GradientTestData.gaussian(n + 5, n, 0, 1, seed);
        double[][] a = GradientTestData.centredDiffusion(g, Sampling.WITH_REPLACEMENT);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5EEDL);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 0.1 * rnd.nextGaussian();
                a[i][j] += v;
                if (i != j) {
                    a[j][i] += v;
                }
            }
        }
        return a;
    }

    private static double spectralScale(double[] values) {
        double s = 0;
        for (double v : values) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static double[] reversed(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    /** ||A V - V diag(values)||_F and ||V^T V - I||_F, in double. */
    private static double[] residualAndOrthogonality(double[][] a, Decomposition eig) {
        INDArray m = Nd4j.createFromArray(a);
        INDArray v = eig.vectors();
        double residual = m.mmul(v).sub(v.mulRowVector(Nd4j.createFromArray(eig.values()))).norm2Number().doubleValue();
        int n = a.length;
        double orthogonality = v.transpose().mmul(v).sub(Nd4j.eye(n).castTo(DataType.DOUBLE)).norm2Number().doubleValue();
        return new double[] {residual, orthogonality};
    }

    @ParameterizedTest(name = "n = {0}, {1}")
    @MethodSource("sizesAndTypes")
    void secondDifferenceMatrixHasItsClosedFormSpectrum(int n, DataType type) {
        double[][] a = secondDifference(n);
        double[] truth = secondDifferenceEigenvalues(n);
        INDArray m = Nd4j.createFromArray(a).castTo(type);
        INDArray before = m.dup();
        double tolValues = 10 * n * eps(type) * 4; // ||A||_2 < 4

        double[] ascending = SymmetricEigen.eigenvalues(m, Order.ASCENDING);
        assertThat(maxAbsDiff(ascending, truth)).as("syev 'N' ascending, n %d %s", n, type).isLessThan(tolValues);
        assertThat(SymmetricEigen.eigenvalues(m, Order.DESCENDING)).as("descending = reversed ascending")
                .containsExactly(reversed(ascending));
        assertThat(m).as("input untouched").isEqualTo(before);

        // eigenpairs are computed in double whatever the input type
        double tolDouble = 10 * n * Math.ulp(1.0) * 4;
        for (Order order : Order.values()) {
            Decomposition eig = SymmetricEigen.decompose(m, order);
            assertThat(eig.order()).isEqualTo(order);
            assertThat(eig.vectors().dataType()).isEqualTo(DataType.DOUBLE);
            assertThat(eig.vectors().ordering()).isEqualTo('c');
            double[] expected = order == Order.ASCENDING ? truth : reversed(truth);
            assertThat(maxAbsDiff(eig.values(), expected)).as("syev 'V' %s, n %d %s", order, n, type).isLessThan(tolDouble);
            double[] ro = residualAndOrthogonality(a, eig);
            assertThat(ro[0]).as("||A V - V L||_F, n %d", n).isLessThan(tolDouble);
            assertThat(ro[1]).as("||V^T V - I||_F, n %d", n).isLessThan(10 * n * Math.ulp(1.0));
        }
        assertThat(m).as("input untouched").isEqualTo(before);
    }

    @ParameterizedTest(name = "n = {0}, {1}")
    @MethodSource("sizesAndTypes")
    void randomSymmetricMatrixAgreesWithJacobi(int n, DataType type) {
        double[][] a = randomSymmetric(n, 1000 + n);
        double[] jacobi = JacobiEigenvalues.of(a); // descending
        double scale = spectralScale(jacobi);
        INDArray m = Nd4j.createFromArray(a).castTo(type);
        // in FLOAT the matrix itself is rounded, a perturbation of at most eps ||A||_F
        double tol = 10 * n * eps(type) * scale;
        for (int repeat = 0; repeat < 3; repeat++) {
            assertThat(maxAbsDiff(SymmetricEigen.eigenvalues(m, Order.DESCENDING), jacobi))
                    .as("syev 'N' against Jacobi, n %d %s", n, type).isLessThan(tol);
            Decomposition eig = SymmetricEigen.decompose(m, Order.DESCENDING);
            assertThat(maxAbsDiff(eig.values(), jacobi)).as("syev 'V' against Jacobi, n %d %s", n, type).isLessThan(tol);
            double[][] asDecomposed = GradientTestData.toJava(m.castTo(DataType.DOUBLE));
            double[] ro = residualAndOrthogonality(asDecomposed, eig);
            assertThat(ro[0]).as("||A V - V L||_F, n %d %s", n, type).isLessThan(10 * n * Math.ulp(1.0) * scale);
            assertThat(ro[1]).as("||V^T V - I||_F, n %d %s", n, type).isLessThan(10 * n * Math.ulp(1.0));
        }
    }

    @Test
    void overwritingEigenvaluesGiveTheSameNumbers() {
        for (int n : new int[] {7, 130}) {
            INDArray m = Nd4j.createFromArray(randomSymmetric(n, n));
            double[] kept = SymmetricEigen.eigenvalues(m, Order.ASCENDING);
            double[] destroyed = SymmetricEigen.eigenvalues(m.dup(), true, Order.ASCENDING);
            assertThat(destroyed).containsExactly(kept);
        }
    }

    @Test
    void symmetrizeIsTheEntrywiseMeanWithTheTransposeIntoANewArray() {
        for (int n : new int[] {1, 7, 130, 257}) {
            double[][] a = GradientTestData.gaussian(n, n, 0.5, 2, 77 + n);
            for (char ordering : new char[] {'c', 'f'}) {
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    INDArray m = Nd4j.createFromArray(a).castTo(type).dup(ordering);
                    INDArray before = m.dup();
                    INDArray s = SymmetricEigen.symmetrize(m);
                    assertThat(s).isNotSameAs(m);
                    assertThat(m).as("input untouched").isEqualTo(before);
                    assertThat(s.dataType()).isEqualTo(type);
                    assertThat(s.ordering()).isEqualTo('c');
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            double expected = type == DataType.FLOAT
                                    ? (double) (((float) a[i][j] + (float) a[j][i]) * 0.5f)
                                    : (a[i][j] + a[j][i]) * 0.5;
                            assertThat(s.getDouble(i, j)).as("n %d %s %s (%d, %d)", n, ordering, type, i, j)
                                    .isEqualTo(expected);
                        }
                    }
                }
            }
        }
        // a view (a block of a larger matrix) is symmetrized as the matrix it shows
        double[][] big = GradientTestData.gaussian(9, 9, 0, 1, 5);
        INDArray block = Nd4j.createFromArray(big).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 8),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 9));
        INDArray s = SymmetricEigen.symmetrize(block);
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                assertThat(s.getDouble(i, j)).isEqualTo((big[1 + i][2 + j] + big[1 + j][2 + i]) * 0.5);
            }
        }
        assertThatThrownBy(() -> SymmetricEigen.symmetrize(Nd4j.zeros(DataType.DOUBLE, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decomposeWorksOnTheSymmetricPartAndEigenvaluesReadTheLowerTriangle() {
        int n = 130;
        double[][] a = GradientTestData.gaussian(n, n, 0, 1, 31);
        INDArray m = Nd4j.createFromArray(a);
        INDArray sym = SymmetricEigen.symmetrize(m);
        double[][] symJava = GradientTestData.toJava(sym);
        double[] jacobiSym = JacobiEigenvalues.of(symJava);
        double scale = spectralScale(jacobiSym);
        Decomposition eig = SymmetricEigen.decompose(m, Order.DESCENDING);
        assertThat(maxAbsDiff(eig.values(), jacobiSym)).isLessThan(10 * n * Math.ulp(1.0) * scale);
        assertThat(residualAndOrthogonality(symJava, eig)[0]).isLessThan(10 * n * Math.ulp(1.0) * scale);

        // syev 'N' reads row >= column of the C-ordered array: the matrix mirrored from its lower triangle
        double[][] lower = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                lower[i][j] = a[i][j];
                lower[j][i] = a[i][j];
            }
        }
        double[] jacobiLower = JacobiEigenvalues.of(lower);
        assertThat(maxAbsDiff(SymmetricEigen.eigenvalues(m, Order.DESCENDING), jacobiLower))
                .isLessThan(10 * n * Math.ulp(1.0) * spectralScale(jacobiLower));
        assertThatThrownBy(() -> SymmetricEigen.eigenvalues(Nd4j.zeros(DataType.DOUBLE, 3, 2), Order.ASCENDING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SymmetricEigen.decompose(Nd4j.zeros(DataType.DOUBLE, 3, 2), Order.ASCENDING))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kernelSelfCheckCallsSyevAndGeqrfExactlyAsThisClassDoes() {
        LinearAlgebraKernels kernels = LinearAlgebraKernels.nd4j();
        for (int n : new int[] {7, 129, 130}) {
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                INDArray m = Nd4j.createFromArray(randomSymmetric(n, 3 * n)).castTo(type);
                assertThat(SymmetricEigen.eigenvalues(m, Order.ASCENDING)).as("syev 'N', n %d %s", n, type)
                        .containsExactly(kernels.syevValues(m).castTo(DataType.DOUBLE).toDoubleVector());
            }
            // syev 'V' runs in DOUBLE here; an exactly symmetric matrix is its own symmetric part
            INDArray m = Nd4j.createFromArray(randomSymmetric(n, 5 * n));
            Decomposition eig = SymmetricEigen.decompose(m, Order.ASCENDING);
            LinearAlgebraKernels.Eigenpairs reference = kernels.syevVectors(m);
            assertThat(eig.values()).containsExactly(reference.values().toDoubleVector());
            assertThat(eig.vectors().toDoubleMatrix()).isDeepEqualTo(reference.vectors().toDoubleMatrix());

            INDArray q = Nd4j.createFromArray(GradientTestData.gaussian(n, 5, 0, 1, n));
            INDArray q2 = q.dup();
            SymmetricEigen.orthonormalize(q);
            kernels.geqrf(q2, Nd4j.create(DataType.DOUBLE, 5, 5));
            assertThat(q.toDoubleMatrix()).isDeepEqualTo(q2.toDoubleMatrix());
        }
    }

    @Test
    void agreesWithNd4jEigenToRoundingAndSign() {
        // ND4J's Eigen is the route the rewired call sites took before (syev 'V', 'L', row-major)
        for (int n : new int[] {7, 40, 128, 131, 257}) {
            double[][] a = randomSymmetric(n, 11 * n);
            INDArray m = Nd4j.createFromArray(a);
            INDArray nd4jVectors = m.dup();
            double[] nd4jValues = Eigen.symmetricGeneralizedEigenvalues(nd4jVectors, true).toDoubleVector();
            double scale = spectralScale(nd4jValues);
            double tol = 10 * n * Math.ulp(1.0) * scale;
            assertThat(maxAbsDiff(SymmetricEigen.eigenvalues(m, Order.ASCENDING), nd4jValues)).isLessThan(tol);
            Decomposition eig = SymmetricEigen.decompose(m, Order.ASCENDING);
            assertThat(maxAbsDiff(eig.values(), nd4jValues)).isLessThan(tol);
            double gap = Double.POSITIVE_INFINITY;
            for (int k = 1; k < n; k++) {
                gap = Math.min(gap, nd4jValues[k] - nd4jValues[k - 1]);
            }
            assertThat(gap).as("distinct eigenvalues, so each eigenvector is unique up to sign").isGreaterThan(1e6 * tol);
            for (int k = 0; k < n; k++) {
                INDArray mine = eig.vectors().getColumn(k);
                INDArray theirs = nd4jVectors.getColumn(k);
                double sign = Math.signum(mine.mul(theirs).sumNumber().doubleValue());
                // eigenvector perturbation: backward error over the gap to the neighbouring eigenvalues
                assertThat(mine.sub(theirs.mul(sign)).norm2Number().doubleValue()).as("n %d vector %d", n, k)
                        .isLessThan(tol / gap * 10);
            }
        }
    }

    @Test
    void orthonormalizeGivesAnOrthonormalBasisOfTheSameSpan() {
        for (int m : new int[] {7, 130, 257}) {
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                int k = Math.min(m, 12);
                INDArray a = Nd4j.createFromArray(GradientTestData.gaussian(m, k, 0, 1, m + k)).castTo(type);
                INDArray q = a.dup();
                SymmetricEigen.orthonormalize(q);
                INDArray qd = q.castTo(DataType.DOUBLE);
                INDArray ad = a.castTo(DataType.DOUBLE);
                double tol = 10 * m * eps(type);
                assertThat(qd.transpose().mmul(qd).sub(Nd4j.eye(k).castTo(DataType.DOUBLE)).norm2Number().doubleValue())
                        .as("Q^T Q = I, m %d %s", m, type).isLessThan(tol);
                // A lies in span(Q): Q Q^T A = A
                assertThat(qd.mmul(qd.transpose().mmul(ad)).sub(ad).norm2Number().doubleValue()
                        / ad.norm2Number().doubleValue()).as("span, m %d %s", m, type).isLessThan(tol * 10);
            }
        }
    }
}
