package org.sgdvi.core.diffusion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The diffusion matrix D (the paper's eq. (2)) or D' = N/(N-1) D (its appendix A2) of N examples, together
 * with the full gradient gbar = (1/N) sum_k g_k it was centred on.
 */
public final class DiffusionMatrix {

    private final INDArray matrix;
    private final INDArray fullGradient;
    private final long exampleCount;
    private final Sampling sampling;

    /**
     * @param matrix D or D', [d, d]
     * @param fullGradient gbar, [d]
     * @param exampleCount N
     * @param sampling which normalisation {@code matrix} carries
     */
    public DiffusionMatrix(INDArray matrix, INDArray fullGradient, long exampleCount, Sampling sampling) {
        if (matrix.rank() != 2 || matrix.rows() != matrix.columns() || matrix.rows() != fullGradient.length()) {
            throw new IllegalArgumentException("diffusion matrix has shape " + java.util.Arrays.toString(matrix.shape())
                    + " and full gradient length " + fullGradient.length() + "; expected [d, d] and d");
        }
        this.matrix = matrix;
        this.fullGradient = fullGradient;
        this.exampleCount = exampleCount;
        this.sampling = sampling;
    }

    /** D (with replacement) or D' (without), [d, d]. */
    public INDArray matrix() {
        return matrix;
    }

    /** gbar = grad f(x), [d]. */
    public INDArray fullGradient() {
        return fullGradient;
    }

    /** N. */
    public long exampleCount() {
        return exampleCount;
    }

    /** The sampling scheme whose normalisation {@link #matrix()} carries. */
    public Sampling sampling() {
        return sampling;
    }

    /** d. */
    public long dimension() {
        return matrix.rows();
    }

    /** The accumulation data type. */
    public DataType dataType() {
        return matrix.dataType();
    }

    /**
     * The covariance of the mean gradient of a mini-batch of b examples under this sampling:
     * D / b with replacement, D' (1/b)(1 - b/N) without (the paper's appendix A2).
     */
    public INDArray minibatchCovariance(long b) {
        return matrix.mul(sampling.minibatchCovarianceFactor(exampleCount, b));
    }
}
