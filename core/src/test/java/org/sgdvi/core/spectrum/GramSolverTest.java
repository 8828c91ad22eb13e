package org.sgdvi.core.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class GramSolverTest extends EigenSolverContract {

    @Override
    EigenSolver solver() {
        return new GramSolver();
    }

    @Override
    boolean acceptsDenseInput() {
        return false;
    }

    @Test
    void needsTheGradientsNotJustTheMatrix() {
        assertThatThrownBy(() -> solver().solve(SpectrumInput.dense(Nd4j.eye(3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--solver dense");
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
