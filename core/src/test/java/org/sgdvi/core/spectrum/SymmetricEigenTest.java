package org.sgdvi.core.spectrum;

import org.sgdvi.core.kernels.JacobiEigenvalues;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.diffusion.GradientTestData;

/** The LAPACK wrappers against a Jacobi reference, repeated so that a flaky result cannot hide. */
class SymmetricEigenTest {

    @Test
    void decomposeGivesEigenpairsOfTheMatrixItWasHanded() {
        for (int n : new int[] {7, 40, 60, 130, 257}) {
            double[][] g = GradientTestData.gaussian(n + 5, n, 0, 1, n);
            double[][] a = GradientTestData.centredDiffusion(g, org.sgdvi.core.diffusion.Sampling.WITH_REPLACEMENT);
            double[] reference = n <= 60 ? JacobiEigenvalues.of(a) : null;
            INDArray m = Nd4j.createFromArray(a);
            for (int repeat = 0; repeat < 10; repeat++) {
                SymmetricEigen.Decomposition eig = SymmetricEigen.decompose(m);
                double scale = eig.values()[0];
                if (reference != null) {
                    for (int i = 0; i < n; i++) {
                        assertThat(Math.abs(eig.values()[i] - reference[i])).as("n %d eigenvalue %d", n, i)
                                .isLessThan(1e-13 * scale);
                    }
                }
                // A V = V diag(values), V orthonormal
                INDArray v = eig.vectors();
                INDArray av = m.mmul(v);
                INDArray vl = v.mulRowVector(Nd4j.createFromArray(eig.values()));
                assertThat(av.sub(vl).norm2Number().doubleValue()).as("n %d residual", n).isLessThan(1e-12 * scale * n);
                assertThat(v.transpose().mmul(v).sub(Nd4j.eye(n).castTo(DataType.DOUBLE)).norm2Number().doubleValue())
                        .as("n %d orthogonality", n).isLessThan(1e-12 * n);
                double[] valuesOnly = SymmetricEigen.eigenvalues(m, false);
                for (int i = 0; i < n; i++) {
                    assertThat(Math.abs(eig.values()[i] - valuesOnly[i])).as("n %d value %d against syev N", n, i)
                            .isLessThan(1e-13 * scale);
                }
            }
        }
    }
}
