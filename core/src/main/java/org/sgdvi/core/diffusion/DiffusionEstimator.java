package org.sgdvi.core.diffusion;

import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.sgdvi.core.gradients.PerExampleGradients;

/**
 * Forms the diffusion matrix in one pass over the per-example gradients (eq. (2) and Figs. 1-2 of the paper):
 * <pre>
 *   gbar = (1/N) sum_k g_k,   D = (1/N) sum_k (g_k - gbar)(g_k - gbar)^T   (with replacement)
 *   D'   = N/(N-1) D                                                      (without, appendix A2)
 * </pre>
 * accumulated chunk by chunk with a centred, merged GEMM ({@link MomentAccumulator}) in FLOAT (the
 * paper's float32, the default) or DOUBLE. The d x d allocation is checked against the free memory
 * first ({@link MemoryEstimate#diffusionMatrix}).
 *
 * <p>ND4J exposes {@code Level3.syrk}, but in 1.0.0-M2.1 the CPU backend passes K = 1 to BLAS (only
 * the first row's outer product is formed), so the accumulation uses GEMM.
 */
public final class DiffusionEstimator {

    private final DataType dtype;
    private final Sampling sampling;
    private final Supplier<FreeMemory> freeMemory;

    /** FLOAT accumulation, with-replacement normalisation, as in the paper. */
    public DiffusionEstimator() {
        this(DataType.FLOAT, Sampling.WITH_REPLACEMENT);
    }

    /**
     * @param dtype FLOAT or DOUBLE
     * @param sampling the normalisation of the result
     */
    public DiffusionEstimator(DataType dtype, Sampling sampling) {
        this(dtype, sampling, FreeMemory::probe);
    }

    /**
     * @param dtype FLOAT or DOUBLE
     * @param sampling the normalisation of the result
     * @param freeMemory measures the memory available before the d x d allocation
     */
    public DiffusionEstimator(DataType dtype, Sampling sampling, Supplier<FreeMemory> freeMemory) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("accumulation data type " + dtype + " is not supported; expected FLOAT or DOUBLE");
        }
        this.dtype = dtype;
        this.sampling = sampling;
        this.freeMemory = freeMemory;
    }

    /** The accumulation data type. */
    public DataType dataType() {
        return dtype;
    }

    /** The sampling normalisation. */
    public Sampling sampling() {
        return sampling;
    }

    /**
     * D over every example of {@code examples} (one pass; the iterator is reset first when it can be),
     * with gradients from {@code engine}.
     */
    public DiffusionMatrix estimate(PerExampleGradients engine, DataSetIterator examples) {
        return estimate(new EngineChunkSource(engine, examples));
    }

    /** D over one pass of {@code source}. */
    public DiffusionMatrix estimate(GradientChunkSource source) {
        long d = source.dimension();
        MemoryEstimate.diffusionMatrix(d, source.chunkRowsHint(), dtype).requireFits(freeMemory.get());
        MomentAccumulator acc = new MomentAccumulator(d, dtype, true);
        acc.addAll(source);
        return finish(acc);
    }

    /** D of an in-memory gradient matrix G [N, d] (rows are examples), in one chunk. */
    public DiffusionMatrix estimate(INDArray gradients) {
        return estimate(new MatrixChunkSource(gradients, Math.max(1, gradients.rows())));
    }

    private DiffusionMatrix finish(MomentAccumulator acc) {
        long n = acc.count();
        if (n == 0) {
            throw new IllegalArgumentException("the example set is empty; expected at least one example");
        }
        INDArray d = acc.scatter().divi((double) sampling.scatterDivisor(n));
        return new DiffusionMatrix(d, acc.mean(), n, sampling);
    }
}
