package org.sgdvi.core.spectrum;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.diffusion.DiffusionEstimator;
import org.sgdvi.core.diffusion.DiffusionMatrix;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.GradientChunkSource;
import org.sgdvi.core.diffusion.MomentAccumulator;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.gradients.FactoredGradients;
import org.sgdvi.core.gradients.FactoredLayout;

/**
 * What a solver works on: the dense diffusion matrix D [d, d], or the per-example gradients g_k as a
 * re-iterable chunk stream together with N, the full gradient gbar and the sampling normalisation,
 * so that D = (1/N) Gc^T Gc with Gc = G - 1 gbar^T (times N/(N-1) without replacement; the paper's
 * eq. (2), appendix A2). The data type is the accumulation type whose machine epsilon sets the rank threshold.
 *
 * <p>Streamed inputs count every pass over their gradients ({@link #passes()}). N and gbar are
 * found lazily: N is the source's own count when it knows one ({@link GradientChunkSource#exampleCount()});
 * otherwise, and for gbar, the first call that needs them makes one pass. A solver that gets N and
 * gbar from its own pass (the dense and Gram routes) hands them over with {@link #learned}, so they
 * never cost a pass of their own. Each result reports the passes made since the previous result
 * from the same input ({@link #takePasses()}), so the pass that found N and gbar is charged once.
 */
public final class SpectrumInput {

    private final INDArray dense;
    private final CountingSource gradients;
    private long exampleCount;
    private INDArray fullGradient;
    private final Sampling sampling;
    private final DataType dataType;
    private final long dimension;
    private int charged;

    private SpectrumInput(INDArray dense, GradientChunkSource gradients, long exampleCount, INDArray fullGradient,
                          Sampling sampling, DataType dataType, long dimension) {
        this.dense = dense;
        this.gradients = gradients == null ? null : new CountingSource(gradients);
        this.exampleCount = exampleCount;
        this.fullGradient = fullGradient;
        this.sampling = sampling;
        this.dataType = dataType;
        this.dimension = dimension;
    }

    /** A dense symmetric matrix [d, d] in its own data type. */
    public static SpectrumInput dense(INDArray matrix) {
        if (matrix.rank() != 2 || matrix.rows() != matrix.columns()) {
            throw new IllegalArgumentException("dense input has shape " + java.util.Arrays.toString(matrix.shape())
                    + ", expected a square [d, d] matrix");
        }
        return new SpectrumInput(matrix, null, 0, null, null, matrix.dataType(), matrix.rows());
    }

    /** A diffusion matrix already formed. */
    public static SpectrumInput of(DiffusionMatrix d) {
        return new SpectrumInput(d.matrix(), null, d.exampleCount(), d.fullGradient(), d.sampling(), d.dataType(),
                d.dimension());
    }

    /**
     * Streamed gradients whose count N and mean gbar are known.
     *
     * @param gradients the rows g_k, re-iterable
     * @param exampleCount N
     * @param fullGradient gbar, [d]
     * @param sampling the normalisation of D
     * @param dataType FLOAT or DOUBLE: chunks are cast to it and its epsilon sets the rank threshold
     */
    public static SpectrumInput streaming(GradientChunkSource gradients, long exampleCount, INDArray fullGradient,
                                          Sampling sampling, DataType dataType) {
        Objects.requireNonNull(gradients, "gradients");
        if (fullGradient.length() != gradients.dimension()) {
            throw new IllegalArgumentException("full gradient has length " + fullGradient.length()
                    + ", expected d = " + gradients.dimension());
        }
        sampling.populationFactor(exampleCount);
        return new SpectrumInput(null, gradients, exampleCount, fullGradient.reshape(fullGradient.length()).castTo(dataType),
                sampling, dataType, gradients.dimension());
    }

    /**
     * Streamed gradients; N and gbar are found when first needed (N from the source when it knows
     * it), by the solver's own pass where it makes one, else by one pass of their own.
     */
    public static SpectrumInput streaming(GradientChunkSource gradients, Sampling sampling, DataType dataType) {
        Objects.requireNonNull(gradients, "gradients");
        long n = gradients.exampleCount();
        if (n >= 0) {
            sampling.populationFactor(n);
        }
        return new SpectrumInput(null, gradients, n, null, sampling, dataType, gradients.dimension());
    }

    /** Whether the dense matrix is available. */
    public boolean hasDense() {
        return dense != null;
    }

    /** Whether streamed gradients are available. */
    public boolean hasGradients() {
        return gradients != null;
    }

    /** The dense D. */
    public INDArray dense() {
        if (dense == null) {
            throw new IllegalStateException("this spectrum input carries streamed gradients, not a dense matrix");
        }
        return dense;
    }

    /** The streamed gradients (every pass over them is counted in {@link #passes()}). */
    public GradientChunkSource gradients() {
        if (gradients == null) {
            throw new IllegalStateException("this spectrum input carries a dense matrix, not per-example gradients");
        }
        return gradients;
    }

    /** N (0 for a bare dense matrix); one pass over the gradients when neither the source nor a solver has told it. */
    public long exampleCount() {
        if (exampleCount < 0) {
            findMoments();
        }
        return exampleCount;
    }

    /** Whether N is known without a pass (stated by the source, or told by an earlier pass). */
    boolean knowsExampleCount() {
        return exampleCount >= 0;
    }

    /** gbar (streamed inputs and diffusion matrices); one pass over the gradients when not yet known. */
    public INDArray fullGradient() {
        if (fullGradient == null && gradients != null) {
            findMoments();
        }
        return fullGradient;
    }

    /**
     * N and gbar as a solver found them in one of its passes.
     *
     * @throws IllegalStateException when N differs from the count already known (the stream is not what it claimed)
     */
    void learned(long n, INDArray mean) {
        learnedCount(n);
        if (fullGradient == null) {
            fullGradient = mean.reshape(mean.length()).castTo(dataType);
        }
    }

    /** N as a solver's counting pass found it (gbar is left to be learned). */
    void learnedCount(long n) {
        if (exampleCount >= 0 && exampleCount != n) {
            throw new IllegalStateException("the gradient stream has " + n + " rows; expected N = " + exampleCount);
        }
        sampling.populationFactor(n);
        exampleCount = n;
    }

    /**
     * D itself: the given dense matrix, or D formed from the streamed gradients in one pass
     * ({@link DiffusionEstimator}, the d x d allocation checked against {@code freeMemory} first), which also
     * tells N and gbar, so no pass is spent on them beforehand. A formed D belongs to the caller.
     */
    INDArray diffusionMatrix(Supplier<FreeMemory> freeMemory) {
        if (dense != null) {
            return dense;
        }
        DiffusionMatrix formed = new DiffusionEstimator(dataType, sampling, freeMemory).estimate(gradients);
        learned(formed.exampleCount(), formed.fullGradient());
        return formed.matrix();
    }

    private void findMoments() {
        MomentAccumulator mean = new MomentAccumulator(dimension, dataType, false).addAll(gradients);
        learned(mean.count(), mean.mean());
    }

    /** The passes made so far over the streamed gradients, by this input and by solvers (0 for a dense input). */
    public int passes() {
        return gradients == null ? 0 : gradients.passes;
    }

    /**
     * The passes made since the previous result took them (all of them for the first result), for
     * {@link SpectrumResult#passes()}: a pass that found N or gbar is charged to the result that needed it.
     */
    int takePasses() {
        int p = passes() - charged;
        charged = passes();
        return p;
    }

    /** The sampling normalisation (null for a bare dense matrix). */
    public Sampling sampling() {
        return sampling;
    }

    /** The accumulation data type. */
    public DataType dataType() {
        return dataType;
    }

    /** d. */
    public long dimension() {
        return dimension;
    }

    /** The source, counting its passes. */
    private static final class CountingSource implements GradientChunkSource {
        private final GradientChunkSource source;
        private int passes;

        CountingSource(GradientChunkSource source) {
            this.source = source;
        }

        @Override
        public long dimension() {
            return source.dimension();
        }

        @Override
        public void forEachChunk(Consumer<INDArray> consumer) {
            passes++;
            source.forEachChunk(consumer);
        }

        @Override
        public long chunkRowsHint() {
            return source.chunkRowsHint();
        }

        @Override
        public FactoredLayout factoredLayout() {
            return source.factoredLayout();
        }

        @Override
        public void forEachFactoredChunk(Consumer<FactoredGradients> consumer) {
            passes++;
            source.forEachFactoredChunk(consumer);
        }

        @Override
        public long exampleCount() {
            return source.exampleCount();
        }
    }
}
