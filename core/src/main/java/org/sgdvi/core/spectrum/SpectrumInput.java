package org.sgdvi.core.spectrum;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.diffusion.DiffusionMatrix;
import org.sgdvi.core.diffusion.GradientChunkSource;
import org.sgdvi.core.diffusion.MomentAccumulator;
import org.sgdvi.core.diffusion.Sampling;

/**
 * What a solver works on: the dense diffusion matrix D [d, d], or the per-example gradients g_k as a
 * re-iterable chunk stream together with N, the full gradient gbar and the sampling normalisation,
 * so that D = (1/N) Gc^T Gc with Gc = G - 1 gbar^T (times N/(N-1) without replacement; the paper's
 * eq. (2), appendix A2). The data type is the accumulation type whose machine epsilon sets the rank threshold.
 */
public final class SpectrumInput {

    private final INDArray dense;
    private final GradientChunkSource gradients;
    private final long exampleCount;
    private final INDArray fullGradient;
    private final Sampling sampling;
    private final DataType dataType;
    private final long dimension;

    private SpectrumInput(INDArray dense, GradientChunkSource gradients, long exampleCount, INDArray fullGradient,
                          Sampling sampling, DataType dataType, long dimension) {
        this.dense = dense;
        this.gradients = gradients;
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

    /** Streamed gradients; one pass finds N and gbar first. */
    public static SpectrumInput streaming(GradientChunkSource gradients, Sampling sampling, DataType dataType) {
        MomentAccumulator mean = new MomentAccumulator(gradients.dimension(), dataType, false).addAll(gradients);
        return streaming(gradients, mean.count(), mean.mean(), sampling, dataType);
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

    /** The streamed gradients. */
    public GradientChunkSource gradients() {
        if (gradients == null) {
            throw new IllegalStateException("this spectrum input carries a dense matrix, not per-example gradients");
        }
        return gradients;
    }

    /** N (0 for a bare dense matrix). */
    public long exampleCount() {
        return exampleCount;
    }

    /** gbar (streamed inputs and diffusion matrices). */
    public INDArray fullGradient() {
        return fullGradient;
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
}
