package org.sgdvi.core.spectrum;

import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.core.device.CudaProbe;
import org.sgdvi.core.device.Device;
import org.sgdvi.core.device.DeviceSolver;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.MemoryEstimate;

/**
 * Picks the spectrum route from d, N and the free memory: the Gram solver when N < d and the
 * N x d gradients plus the N x N Gram matrix fit; else, when d x d fits, D formed in memory: with N &ge; d and
 * d &ge; {@link DenseLanczosSolver#MIN_DIMENSION} the dense-Lanczos route (the eigenvalues above numpy's rank
 * threshold by block Lanczos on D, the mean and std from tr D and ||D||_F; exact for everything the report
 * shows), otherwise all d eigenvalues by the dense solver; else the matrix-free solver. {@code --solver} may
 * force one.
 */
public final class SolverChooser {

    private SolverChooser() {
    }

    /**
     * The automatic choice.
     *
     * @param d the number of weights
     * @param n the number of examples
     * @param dtype the accumulation type
     * @param chunkRows the largest gradient chunk (0 if unknown)
     * @param free the memory available
     */
    public static SolverKind choose(long d, long n, DataType dtype, long chunkRows, FreeMemory free) {
        return choose(org.sgdvi.core.gradients.FactoredLayout.none(d), n, dtype, chunkRows, free);
    }

    /**
     * The automatic choice for gradients stored as {@code layout} says (the Gram route stores dense
     * weights' per-example gradients as the two factors of their outer products).
     */
    public static SolverKind choose(org.sgdvi.core.gradients.FactoredLayout layout, long n, DataType dtype, long chunkRows,
                                    FreeMemory free) {
        long d = layout.dimension();
        if (n < d && MemoryEstimate.gram(n, layout, chunkRows, dtype).fits(free)) {
            return SolverKind.GRAM;
        }
        if (MemoryEstimate.diffusionMatrix(d, chunkRows, dtype).fits(free)) {
            return n >= d && d >= DenseLanczosSolver.MIN_DIMENSION ? SolverKind.DENSE_LANCZOS : SolverKind.DENSE;
        }
        return SolverKind.MATRIX_FREE;
    }

    /** A solver of the given kind with default settings; {@code seed} seeds the matrix-free start block. */
    public static EigenSolver create(SolverKind kind, long seed) {
        return switch (kind) {
            case DENSE -> new DenseSymmetricSolver();
            case GRAM -> new GramSolver();
            case MATRIX_FREE -> new MatrixFreeSolver(seed);
            case DENSE_LANCZOS -> new DenseLanczosSolver(seed);
        };
    }

    /**
     * The solver for an input: the forced one when {@code forced} names one (dense, gram, matrix-free, dense-lanczos),
     * else the automatic choice for the input's d and N and the memory free now. A bare dense matrix
     * (no gradients) is solved densely.
     */
    public static EigenSolver forInput(SpectrumInput input, String forced, long seed) {
        return forInput(input, forced, seed, line -> { });
    }

    /**
     * As {@link #forInput(SpectrumInput, String, long)}; an iterative solver also reports each pass
     * over the gradients to {@code progress} as one line.
     */
    public static EigenSolver forInput(SpectrumInput input, String forced, long seed,
                                       java.util.function.Consumer<String> progress) {
        return forInput(input, forced != null && !forced.isBlank() ? SolverKind.parse(forced) : null, seed, progress);
    }

    /**
     * As {@link #forInput(SpectrumInput, String, long, java.util.function.Consumer)} with the solver
     * already parsed: {@code forced} null means the automatic choice.
     */
    public static EigenSolver forInput(SpectrumInput input, SolverKind forced, long seed,
                                       java.util.function.Consumer<String> progress) {
        EigenSolver solver = chosen(input, forced, seed);
        if (solver instanceof DenseLanczosSolver l) {
            return l.withProgress(progress);
        }
        if (solver instanceof GramSolver g) {
            return g.withProgress(progress);
        }
        return solver instanceof MatrixFreeSolver m ? m.withProgress(p -> progress.accept(p.toString())) : solver;
    }

    /**
     * As {@link #forInput(SpectrumInput, SolverKind, long, java.util.function.Consumer)} on a device:
     * {@link Device#CPU} (or null) gives exactly that CPU solver; AUTO and CUDA wrap it in a
     * {@link DeviceSolver} that runs the dense or Gram route through CUDA 13 when {@link CudaProbe}
     * finds it usable and D fits on the GPU, and otherwise falls back to the CPU solver, reporting why
     * to {@code progress}.
     */
    public static EigenSolver forInput(SpectrumInput input, SolverKind forced, long seed,
                                       java.util.function.Consumer<String> progress, Device device) {
        EigenSolver cpu = forInput(input, forced, seed, progress);
        if (device == null || device == Device.CPU) {
            return cpu;
        }
        return new DeviceSolver(device, forced, CudaProbe.system(), DeviceSolver::openCuda, cpu, progress);
    }

    private static EigenSolver chosen(SpectrumInput input, SolverKind forced, long seed) {
        if (forced != null) {
            return create(forced, seed);
        }
        if (!input.hasGradients()) {
            return create(SolverKind.DENSE, seed);
        }
        return create(choose(input.gradients().factoredLayout(), input.exampleCount(), input.dataType(),
                input.gradients().chunkRowsHint(), FreeMemory.probe()), seed);
    }
}
