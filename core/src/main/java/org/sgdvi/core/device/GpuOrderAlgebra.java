package org.sgdvi.core.device;

/**
 * The dense symmetric algebra of D(x) in the order a GPU does it, on one d x d single-precision
 * accumulator C of which only the upper triangle is kept (column-major, leading dimension d):
 * <pre>
 *   begin(d)                     C = 0
 *   syrk(X, m, alpha)            C += alpha X^T X      for each streamed m x d chunk X (row-major)
 *   syr(v, alpha)                C += alpha v v^T      the one rank-1 mean correction
 *   beginGram / gramRows / gram  C = alpha X X^T       (N x N, the Gram route; X held whole)
 *   diagonal, frobeniusSquared   read from the upper triangle
 *   beginBlock / blockProduct / endBlock
 *                                Y = sum_chunks X^T (X V)  (matrix-free: D V without D)
 *   eigenvalues()                all eigenvalues of C (syevd, values only; C is destroyed)
 * </pre>
 * Implementations: {@link CudaAlgebra} (cuBLAS, cuSOLVER) and {@link CpuOrderAlgebra} (OpenBLAS,
 * LAPACK), so that the GPU's order of work is also tested without a GPU. The interface uses plain
 * Java arrays only: no ND4J class is needed to run it.
 */
public interface GpuOrderAlgebra extends AutoCloseable {

    /** What runs the algebra, e.g. "CUDA 13.0 on NVIDIA H200 (compute capability 9.0)". */
    String name();

    /** Bytes this algebra may still allocate for its buffers (device memory for CUDA). */
    long freeBytes();

    /** Allocates a zero d x d accumulator (releasing any earlier one). */
    void begin(int d);

    /**
     * C += alpha X^T X for the first {@code rows} rows of the row-major chunk {@code x} (rows x d).
     *
     * @param x the chunk, row-major, at least rows * d values
     * @param rows m, the rows to use
     * @param alpha the weight
     */
    void syrk(float[] x, int rows, double alpha);

    /** C += alpha v v^T, v of length d. */
    void syr(float[] v, double alpha);

    /**
     * Prepares the Gram route: holds an n x d matrix X, filled by {@link #gramRows} in order, whose
     * n x n product {@link #gram} then becomes the accumulator.
     */
    void beginGram(int n, int d);

    /** Appends the first {@code rows} rows of the row-major chunk {@code x} to the held X. */
    void gramRows(float[] x, int rows);

    /** C = alpha X X^T (n x n, upper triangle); releases X. */
    void gram(double alpha);

    /** The diagonal of C. */
    double[] diagonal();

    /** ||C||_F^2 of the symmetric matrix held by the upper triangle, summed in double. */
    double frobeniusSquared();

    /** All eigenvalues of C, descending; C is destroyed. */
    double[] eigenvalues();

    /**
     * Starts a pass of block products for the matrix-free route: holds V (d x b, row-major) and a zero
     * Y of the same shape.
     */
    void beginBlock(float[] v, int d, int b);

    /** Y += X^T (X V) for the first {@code rows} rows of the row-major chunk {@code x} (rows x d). */
    void blockProduct(float[] x, int rows);

    /** Y (d x b, row-major); releases V and Y. */
    float[] endBlock();

    /** Releases every buffer. */
    @Override
    void close();
}
