package org.sgdvi.core.spectrum;

import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.MemoryEstimate;
import org.sgdvi.core.diffusion.MomentAccumulator;
import org.sgdvi.core.linalg.SymmetricEigen;

/**
 * The spectrum of D through the N x N centred Gram matrix: with Gc = G - 1 gbar^T [N, d],
 * D = Gc^T Gc / c (c = N with replacement, N - 1 without; the paper's eq. (2), appendix A2) and
 * K = Gc Gc^T / c share their nonzero eigenvalues, so syev on K (N x N) gives them all; the other
 * d - N eigenvalues of D are exactly zero. Cheaper than the dense route when N is smaller than d.
 * Needs the N x d gradients in memory and the streamed input; one pass over the gradients, which
 * also finds gbar, when N is known (the source's count).
 */
public final class GramSolver implements EigenSolver {

    /** The name accepted by {@code --solver}. */
    public static final String NAME = "gram";

    private final Supplier<FreeMemory> freeMemory;

    /** Checks the free memory first. */
    public GramSolver() {
        this(FreeMemory::probe);
    }

    /** @param freeMemory measures the memory available before allocating */
    public GramSolver(Supplier<FreeMemory> freeMemory) {
        this.freeMemory = freeMemory;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SpectrumResult solve(SpectrumInput input) {
        if (!input.hasGradients()) {
            throw new IllegalArgumentException("the gram solver needs the per-example gradients (a streamed SpectrumInput), "
                    + "not only the dense matrix; use --solver dense");
        }
        long start = System.nanoTime();
        long n = input.exampleCount();
        long d = input.dimension();
        MemoryEstimate.gram(n, d, input.gradients().chunkRowsHint(), input.dataType()).requireFits(freeMemory.get());
        // one pass: the rows go into the N x d buffer as they are and their mean is merged on the way
        // (as in the mean-only pass it saves); the buffer is centred once the mean is known
        INDArray centred = Nd4j.create(input.dataType(), n, d);
        MomentAccumulator moments = new MomentAccumulator(d, input.dataType(), false);
        long[] row = {0};
        input.gradients().forEachChunk(chunk -> {
            long m = chunk.rows();
            if (row[0] + m > n) {
                throw new IllegalStateException("the gradient stream has more than N = " + n + " rows; expected exactly N");
            }
            INDArray g = chunk.dataType() == input.dataType() ? chunk : chunk.castTo(input.dataType());
            centred.get(NDArrayIndex.interval(row[0], row[0] + m), NDArrayIndex.all()).assign(g);
            moments.add(g);
            if (g != chunk) {
                g.close();
            }
            row[0] += m;
        });
        input.learned(row[0], moments.mean());
        centred.subiRowVector(input.fullGradient());
        INDArray gram = Nd4j.create(input.dataType(), n, n);
        Nd4j.gemm(centred, centred, gram, false, true, 1.0 / input.sampling().scatterDivisor(n), 0.0);
        centred.close();
        // tr K = tr D and ||K||_F = ||D||_F: the Gram matrix of the centred rows has D's nonzero spectrum
        double[] norms = SymmetricEigen.traceAndSquaredNorm(gram);
        double[] all = SymmetricEigen.eigenvalues(gram, true, SymmetricEigen.Order.DESCENDING);
        int keep = (int) Math.min(n, d);
        double[] values = java.util.Arrays.copyOf(all, keep);
        return new SpectrumResult(NAME, d, input.dataType(), values,
                keep < d ? SpectrumResult.Tail.ZERO : SpectrumResult.Tail.NONE, new double[0], true, input.takePasses(),
                (System.nanoTime() - start) / 1e9,
                new SpectrumResult.Reference(n, norms[0], norms[1], new double[0], Double.NaN));
    }
}
