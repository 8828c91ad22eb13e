package org.sgdvi.core.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.diffusion.FreeMemory;

/** The automatic choice and the --solver names. */
class SolverChooserTest {

    private static final FreeMemory TWENTY_GB = new FreeMemory(20_000_000_000L, 4_000_000_000L);

    @Test
    void smallLenetOnMnistFormsDAndRunsLanczosToTheRankThreshold() {
        // d = 13,338: D is 0.7 GB; N = 60,000 > d
        assertThat(SolverChooser.choose(13_338, 60_000, DataType.FLOAT, 128, TWENTY_GB)).isEqualTo(SolverKind.DENSE_LANCZOS);
        assertThat(SolverChooser.choose(1_024, 1_024, DataType.FLOAT, 128, TWENTY_GB)).isEqualTo(SolverKind.DENSE_LANCZOS);
    }

    @Test
    void aSmallDIsDense() {
        // below MIN_DIMENSION all d eigenvalues by LAPACK take milliseconds
        assertThat(SolverChooser.choose(1_023, 60_000, DataType.FLOAT, 128, TWENTY_GB)).isEqualTo(SolverKind.DENSE);
    }

    @Test
    void fewExamplesGoThroughTheGramMatrix() {
        assertThat(SolverChooser.choose(136_506, 1_000, DataType.FLOAT, 128, TWENTY_GB)).isEqualTo(SolverKind.GRAM);
        assertThat(SolverChooser.choose(3_978, 1_000, DataType.FLOAT, 128, TWENTY_GB)).isEqualTo(SolverKind.GRAM);
    }

    @Test
    void tooBigForBothIsMatrixFree() {
        // D: 74.5 GB; Gram route: 32.8 GB of gradients + 14.4 GB Gram matrix
        assertThat(SolverChooser.choose(136_506, 60_000, DataType.FLOAT, 128, TWENTY_GB)).isEqualTo(SolverKind.MATRIX_FREE);
    }

    @Test
    void gramThatDoesNotFitFallsBackToDense() {
        // N < d but N x d + N x N (0.68 GB) exceeds the memory while d x d (0.4 GB) fits
        FreeMemory free = new FreeMemory(600_000_000L, 1_000_000_000L);
        assertThat(SolverChooser.choose(10_000, 9_000, DataType.FLOAT, 0, free)).isEqualTo(SolverKind.DENSE);
    }

    @Test
    void namesParseAndForceTheSolver() {
        assertThat(SolverKind.parse("dense")).isEqualTo(SolverKind.DENSE);
        assertThat(SolverKind.parse("Gram")).isEqualTo(SolverKind.GRAM);
        assertThat(SolverKind.parse(" matrix-free ")).isEqualTo(SolverKind.MATRIX_FREE);
        assertThat(SolverKind.parse("Dense-Lanczos")).isEqualTo(SolverKind.DENSE_LANCZOS);
        assertThatThrownBy(() -> SolverKind.parse("lanczos"))
                .hasMessage("--solver 'lanczos' is not a solver; expected one of dense, gram, matrix-free, dense-lanczos");
        SpectrumInput dense = SpectrumInput.dense(Nd4j.eye(3));
        assertThat(SolverChooser.forInput(dense, "matrix-free", 1)).isInstanceOf(MatrixFreeSolver.class);
        assertThat(SolverChooser.forInput(dense, null, 1)).isInstanceOf(DenseSymmetricSolver.class);
        for (SolverKind k : SolverKind.values()) {
            assertThat(SolverChooser.create(k, 1).name()).isEqualTo(k.cliName());
        }
    }

    @Test
    void theMatrixFreeSolverReportsEachPassAsALine() {
        double[][] g = org.sgdvi.core.diffusion.GradientTestData.gaussian(40, 30, 0, 1, 31);
        SpectrumInput input = EigenSolverContract.streamed(g, DataType.DOUBLE,
                org.sgdvi.core.diffusion.Sampling.WITH_REPLACEMENT, 8);
        java.util.List<String> lines = new java.util.ArrayList<>();
        SpectrumResult r = SolverChooser.forInput(input, "matrix-free", 3, lines::add).solve(input);
        assertThat(lines).allMatch(l -> l.startsWith("pass ") && l.contains("theta_k"));
        assertThat(r.passes()).as("gbar, one pass per line, the explicit check").isEqualTo(1 + lines.size() + 1);
        java.util.List<String> none = new java.util.ArrayList<>();
        SolverChooser.forInput(input, "gram", 3, none::add).solve(input);
        assertThat(none).isEmpty();
    }
}
