package org.sgdvi.core.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.diffusion.FreeMemory;

/** The automatic choice and the --solver names. */
class SolverChooserTest {

    /**
     * The automatic choice for d weights, N examples, the free memory (bytes off-heap, bytes of heap) and the largest
     * gradient chunk, float:
     * small-lenet on MNIST forms D (0.7 GB, N > d) and runs Lanczos to the rank threshold; below 1,024 weights all d
     * eigenvalues by LAPACK take milliseconds; few examples go through the Gram matrix; with 20 GB neither D (74.5 GB)
     * nor the Gram route (32.8 GB of gradients + 14.4 GB) fits at d = 136,506, N = 60,000; a Gram route that does
     * not fit (N x d + N x N, 0.68 GB) falls back to the dense D (0.4 GB).
     */
    @ParameterizedTest(name = "d = {0}, N = {1} -> {5}")
    @CsvSource({
            "13338, 60000, 20000000000, 4000000000, 128, DENSE_LANCZOS",
            "1024, 1024, 20000000000, 4000000000, 128, DENSE_LANCZOS",
            "1023, 60000, 20000000000, 4000000000, 128, DENSE",
            "136506, 1000, 20000000000, 4000000000, 128, GRAM",
            "3978, 1000, 20000000000, 4000000000, 128, GRAM",
            "136506, 60000, 20000000000, 4000000000, 128, MATRIX_FREE",
            "10000, 9000, 600000000, 1000000000, 0, DENSE"})
    void theAutomaticChoiceFollowsDNAndTheFreeMemory(long d, long n, long offHeap, long heap, long chunkRows,
                                                     SolverKind expected) {
        assertThat(SolverChooser.choose(d, n, DataType.FLOAT, chunkRows, new FreeMemory(offHeap, heap))).isEqualTo(expected);
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
        // the Gram route makes one pass and reports its three stages: the stored examples, K, its eigenvalues
        java.util.List<String> gram = new java.util.ArrayList<>();
        SolverChooser.forInput(input, "gram", 3, gram::add).solve(input);
        assertThat(gram).hasSize(3).allMatch(l -> l.startsWith("gram: "));
        assertThat(gram.get(1)).contains("gramSampledEntries");
    }
}
