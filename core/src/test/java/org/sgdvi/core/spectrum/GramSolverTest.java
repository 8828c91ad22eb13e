package org.sgdvi.core.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GramSolverTest extends EigenSolverContract {

    @Override
    EigenSolver solver() {
        return new GramSolver();
    }

    /**
     * The contract's dense-matrix case does not apply here: the Gram route works on the N x d per-example
     * gradients (K = Gc Gc^T / c), which a bare dense D does not carry. What the Gram solver owes instead
     * is a clear refusal that points to the dense solver, so this override checks that, on the contract's
     * own matrix and on the identity.
     */
    @Override
    @Test
    @DisplayName("smallDenseMatrixWithClosedFormEigenvalues: refused, the Gram route needs the gradients")
    void smallDenseMatrixWithClosedFormEigenvalues() {
        for (INDArray dense : new INDArray[] {smallDense(), Nd4j.eye(3)}) {
            assertThatThrownBy(() -> solver().solve(SpectrumInput.dense(dense)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--solver dense");
        }
    }

    @Test
    void returnsNEigenvaluesAndAZeroTailWhenNIsBelowD() {
        var ks = org.sgdvi.core.diffusion.GradientTestData.knownSpectrum(10, 30, new double[] {2, 1}, 3);
        SpectrumResult r = solver().solve(streamed(ks.g(), org.nd4j.linalg.api.buffer.DataType.DOUBLE,
                org.sgdvi.core.diffusion.Sampling.WITH_REPLACEMENT, 3));
        assertThat(r.computed()).isEqualTo(10);
        assertThat(r.tail()).isEqualTo(SpectrumResult.Tail.ZERO);
        assertThat(r.passes()).isEqualTo(1);
    }
}
