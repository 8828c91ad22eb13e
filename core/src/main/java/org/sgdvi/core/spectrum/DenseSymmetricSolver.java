package org.sgdvi.core.spectrum;

import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.diffusion.DiffusionEstimator;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.MemoryEstimate;
import org.sgdvi.core.linalg.SymmetricEigen;

/**
 * All d eigenvalues of the dense diffusion matrix (as for the paper's Figs. 1-2: the full
 * symmetric eigendecomposition, numpy eigh), computed with LAPACK syev in values-only mode through ND4J, about
 * ten times faster than a decomposition that also forms the eigenvectors. Given streamed gradients
 * it first forms D with {@link DiffusionEstimator} in one pass (memory checked), which also yields
 * N and gbar: no pass is spent on them beforehand.
 */
public final class DenseSymmetricSolver implements EigenSolver {

    /** The name accepted by {@code --solver}. */
    public static final String NAME = "dense";

    private final boolean overwriteInput;
    private final Supplier<FreeMemory> freeMemory;

    /** Works on a copy of a given matrix; checks the free memory first. */
    public DenseSymmetricSolver() {
        this(false, FreeMemory::probe);
    }

    /**
     * @param overwriteInput whether a given dense matrix may be destroyed by syev (saves a d x d copy)
     * @param freeMemory measures the memory available before allocating
     */
    public DenseSymmetricSolver(boolean overwriteInput, Supplier<FreeMemory> freeMemory) {
        this.overwriteInput = overwriteInput;
        this.freeMemory = freeMemory;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SpectrumResult solve(SpectrumInput input) {
        long start = System.nanoTime();
        boolean owned = !input.hasDense() || overwriteInput;
        if (!owned) {
            MemoryEstimate.denseEigenvalues(input.dimension(), input.dataType()).requireFits(freeMemory.get());
        }
        INDArray d = input.diffusionMatrix(freeMemory);
        double[] norms = SymmetricEigen.traceAndSquaredNorm(d);
        double[] values = SymmetricEigen.eigenvalues(d, owned, SymmetricEigen.Order.DESCENDING);
        return new SpectrumResult(NAME, input.dimension(), input.dataType(), values, SpectrumResult.Tail.NONE,
                new double[0], true, input.takePasses(), (System.nanoTime() - start) / 1e9,
                new SpectrumResult.Reference(input.exampleCount(), norms[0], norms[1], new double[0], Double.NaN));
    }
}
