package org.sgdvi.core.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.core.diffusion.DiffusionEstimator;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.GradientTestData;
import org.sgdvi.core.diffusion.InsufficientMemoryException;
import org.sgdvi.core.diffusion.MatrixChunkSource;
import org.sgdvi.core.diffusion.Sampling;

class DenseSymmetricSolverTest extends EigenSolverContract {

    @Override
    EigenSolver solver() {
        return new DenseSymmetricSolver();
    }

    @Test
    void returnsAllDEigenvaluesAndOverwritesOnlyWhenAllowed() {
        GradientTestData.KnownSpectrum ks = GradientTestData.knownSpectrum(20, 12, new double[] {3, 1}, 8);
        var dm = new DiffusionEstimator(DataType.FLOAT, Sampling.WITH_REPLACEMENT).estimate(ks.matrix(DataType.FLOAT));
        var before = dm.matrix().dup();
        SpectrumResult kept = new DenseSymmetricSolver().solve(SpectrumInput.of(dm));
        assertThat(dm.matrix()).isEqualTo(before);
        assertThat(kept.computed()).isEqualTo(12);
        assertThat(kept.tail()).isEqualTo(SpectrumResult.Tail.NONE);
        SpectrumResult destroyed = new DenseSymmetricSolver(true, FreeMemory::probe).solve(SpectrumInput.of(dm));
        assertThat(destroyed.eigenvalues()).isEqualTo(kept.eigenvalues());
        assertThat(dm.matrix()).isNotEqualTo(before);
    }

    @Test
    void refusesWhenDDoesNotFitAndNamesTheMatrixFreeSolver() {
        GradientTestData.KnownSpectrum ks = GradientTestData.knownSpectrum(10, 5_000, new double[] {1}, 9);
        SpectrumInput in = SpectrumInput.streaming(new MatrixChunkSource(ks.matrix(DataType.FLOAT), 5),
                Sampling.WITH_REPLACEMENT, DataType.FLOAT);
        DenseSymmetricSolver solver = new DenseSymmetricSolver(false, () -> new FreeMemory(50_000_000L, 1L << 30));
        assertThatThrownBy(() -> solver.solve(in)).isInstanceOf(InsufficientMemoryException.class)
                .hasMessageStartingWith("D would need 0.1 GB for d = 5,000 in float32 but 0.1 GB is free")
                .hasMessageEndingWith("use --solver matrix-free");
    }
}
