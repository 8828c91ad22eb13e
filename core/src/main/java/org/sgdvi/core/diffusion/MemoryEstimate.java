package org.sgdvi.core.diffusion;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The bytes an allocation will need, checked against {@link FreeMemory} before anything is allocated.
 *
 * <p>The dense diffusion matrix needs d^2 elements (the paper forms it densely for its Figs. 1-2)
 * plus chunk buffers; when that does not fit, the refusal names the matrix-free solver, e.g.
 * "D would need 74.5 GB for d = 136,506 in float32 but 20.0 GB is free; use --solver matrix-free".
 * Sizes are in decimal gigabytes (10^9 bytes).
 */
public final class MemoryEstimate {

    /** The remedy named when a d x d or N x N matrix does not fit. */
    public static final String USE_MATRIX_FREE = "use --solver matrix-free";

    private final String subject;
    private final String size;
    private final DataType dtype;
    private final long offHeapBytes;
    private final long heapBytes;
    private final String remedy;

    private MemoryEstimate(String subject, String size, DataType dtype, long offHeapBytes, long heapBytes, String remedy) {
        this.subject = subject;
        this.size = size;
        this.dtype = dtype;
        this.offHeapBytes = offHeapBytes;
        this.heapBytes = heapBytes;
        this.remedy = remedy;
    }

    /**
     * An estimate computed elsewhere (e.g. a command's own count of its dense matrices).
     *
     * @param subject      what is allocated, for the refusal ("D", "the Gram matrix")
     * @param size         its size in words ("d = 13,338")
     * @param dtype        the element type
     * @param offHeapBytes bytes off the Java heap
     * @param heapBytes    bytes on the Java heap
     * @param remedy       what to do when it does not fit
     */
    public static MemoryEstimate of(String subject, String size, DataType dtype, long offHeapBytes, long heapBytes,
                                    String remedy) {
        return new MemoryEstimate(subject, size, dtype, offHeapBytes, heapBytes, remedy);
    }

    /**
     * Accumulating D (d x d) from chunks of up to {@code chunkRows} rows: the matrix, a cast chunk and
     * the centred (m + 1) x d GEMM operand, and three d-vectors.
     */
    public static MemoryEstimate diffusionMatrix(long d, long chunkRows, DataType dtype) {
        long b = bytes(dtype);
        long off = mul(mul(d, d), b) + mul(mul(2 * (chunkRows + 1), d), b) + mul(3 * d, b);
        return new MemoryEstimate("D", "d = " + grouped(d), dtype, off, 0, USE_MATRIX_FREE);
    }

    /**
     * Eigenvalues of a given d x d matrix with LAPACK: a working copy of the matrix and the eigenvalues
     * (off-heap and as a double[] on the heap).
     */
    public static MemoryEstimate denseEigenvalues(long d, DataType dtype) {
        long b = bytes(dtype);
        return new MemoryEstimate("a copy of D", "d = " + grouped(d), dtype, mul(mul(d, d), b) + mul(d, b),
                mul(d, 8), USE_MATRIX_FREE);
    }

    /** The Gram route: the stored N x d gradients, the N x N Gram matrix and its eigenvalues. */
    public static MemoryEstimate gram(long n, long d, long chunkRows, DataType dtype) {
        return gram(n, org.sgdvi.core.gradients.FactoredLayout.none(d), chunkRows, dtype);
    }

    /**
     * The Gram route with the gradients stored as {@code layout} says: N rows of its stored width
     * (explicit columns plus the factors of the outer-product blocks), the N x N Gram matrix, a chunk,
     * and, with factors, their double copies and two double row blocks of the factored Gram terms.
     */
    public static MemoryEstimate gram(long n, org.sgdvi.core.gradients.FactoredLayout layout, long chunkRows,
                                      DataType dtype) {
        long b = bytes(dtype);
        long w = layout.storedWidth();
        long d = layout.dimension();
        long off = mul(mul(n, w), b) + mul(mul(n, n), b) + mul(mul(chunkRows, w), b) + mul(n + d, b);
        if (layout.factored()) {
            off = add(off, mul(mul(n, w - layout.explicitWidth()), 8) + mul(mul(2L * GRAM_ROW_BLOCK, n), 8));
        }
        return new MemoryEstimate("the Gram matrix", "N = " + grouped(n) + ", d = " + grouped(d), dtype, off,
                mul(n, 8), USE_MATRIX_FREE);
    }

    /** Rows of the factored Gram terms formed at once (see {@link #gram(long, org.sgdvi.core.gradients.FactoredLayout, long, DataType)}). */
    public static final int GRAM_ROW_BLOCK = 1024;

    /**
     * The matrix-free route adding a block of {@code block} vectors to a basis of {@code basis}
     * vectors already held: the new block, its image D V and its projected copy (three d x block
     * arrays), a centred chunk and its product with the block, and the Rayleigh-Ritz matrix of the
     * grown basis with its eigenvectors (three (basis + block)^2 doubles).
     */
    public static MemoryEstimate matrixFree(long d, long basis, long block, long chunkRows, DataType dtype) {
        long b = bytes(dtype);
        long m = basis + block;
        long off = mul(mul(3 * block, d), b) + mul(mul(chunkRows, d + block), b) + mul(mul(3 * m, m), 8);
        return new MemoryEstimate("the matrix-free block", "k = " + grouped(block) + " more vectors beside "
                + grouped(basis) + ", d = " + grouped(d), dtype, off, mul(m, 8), "lower --k-max");
    }

    /** Off-heap bytes needed. */
    public long offHeapBytes() {
        return offHeapBytes;
    }

    /** Java heap bytes needed. */
    public long heapBytes() {
        return heapBytes;
    }

    /** Whether the allocation fits in {@code free}. */
    public boolean fits(FreeMemory free) {
        return offHeapBytes <= free.offHeapBytes() && heapBytes <= free.heapBytes();
    }

    /**
     * Throws unless the allocation fits.
     *
     * @throws InsufficientMemoryException naming the sizes and the remedy
     */
    public void requireFits(FreeMemory free) {
        if (offHeapBytes > free.offHeapBytes()) {
            throw new InsufficientMemoryException(String.format(Locale.ROOT, "%s would need %s for %s in %s but %s is free; %s",
                    subject, gigabytes(offHeapBytes), size, dtypeName(dtype), gigabytes(free.offHeapBytes()), remedy));
        }
        if (heapBytes > free.heapBytes()) {
            throw new InsufficientMemoryException(String.format(Locale.ROOT,
                    "%s would need %s of Java heap for %s in %s but %s is free; raise -Xmx or %s",
                    subject, gigabytes(heapBytes), size, dtypeName(dtype), gigabytes(free.heapBytes()), remedy));
        }
    }

    /** numpy's name of an ND4J floating type (float32, float64). */
    public static String dtypeName(DataType dtype) {
        return switch (dtype) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            case HALF -> "float16";
            default -> dtype.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Bytes in decimal gigabytes with one decimal, e.g. "74.5 GB". */
    public static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    private static String grouped(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static long bytes(DataType dtype) {
        return dtype.width();
    }

    /** a b, or Long.MAX_VALUE when it overflows (a size that cannot fit anywhere). */
    public static long mul(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** a + b, or Long.MAX_VALUE when it overflows. */
    public static long add(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
