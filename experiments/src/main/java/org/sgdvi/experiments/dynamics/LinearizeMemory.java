package org.sgdvi.experiments.dynamics;

import static org.sgdvi.core.diffusion.MemoryEstimate.add;
import static org.sgdvi.core.diffusion.MemoryEstimate.mul;

import java.util.Locale;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.InsufficientMemoryException;
import org.sgdvi.core.diffusion.MemoryEstimate;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What {@code sgdvi linearize} needs before it starts: memory for the dense d x d float64 matrices of
 * Lemma 20 (the Hessian F, the diffusion matrix D of eq. 2 and the decomposition F = (D + Q) U), and
 * 2 d + 1 full-gradient passes for the finite-difference Hessian.
 *
 * <p>The count of d x d matrices alive at the peak, read from the code (worst case: every eigenvalue
 * of F well posed, w = d):
 * <ul>
 *   <li>{@link org.sgdvi.core.dynamics.linear.NetworkQuadratic}, kept to the end: D, F before and after
 *       symmetrization (3);</li>
 *   <li>the {@link org.sgdvi.core.dynamics.linear.LinearizationResult} of the decomposition: F, D,
 *       the eigenvectors V, S, U, Q, the restricted D and the projector on the well-posed subspace (8);</li>
 *   <li>{@link org.sgdvi.core.dynamics.linear.DetailedBalance#assess}: D in the eigenbasis and the
 *       restricted F (2), then the isotropic-noise comparison, a second decomposition of F with
 *       D = c I: the scaled identity (1) and, inside it, F, D, V, V_W, D', S', its eigenvectors, U',
 *       P', S, U and the two projectors (13), plus the operand and the result of the matrix product
 *       under way (2).</li>
 * </ul>
 * That is {@value #PEAK_MATRICES} matrices of 8 d^2 bytes off the Java heap. Earlier phases need fewer
 * (D and the two one-sided difference matrices while the Hessian columns are measured, 8 when F is
 * symmetrized). The Java heap holds S' as a {@code double[w][w]} and its flat copy (2 d^2 doubles).
 * Intermediate results that are no longer referenced are not counted: JavaCPP frees them (through a
 * garbage collection) before it refuses an allocation.
 */
public final class LinearizeMemory {

    /** Dense d x d float64 matrices off the Java heap at the peak (see the class comment). */
    public static final int PEAK_MATRICES = 29;
    /** Dense d x d float64 matrices on the Java heap at the peak. */
    public static final int HEAP_MATRICES = 2;

    private final long d;
    private final MemoryEstimate bytes;

    private LinearizeMemory(long d, long offHeapBytes, long heapBytes) {
        this.d = d;
        this.bytes = MemoryEstimate.of("linearize", "d = " + String.format(Locale.ROOT, "%,d", d), DataType.DOUBLE,
                offHeapBytes, heapBytes, "train a smaller network");
    }

    /**
     * The estimate for d trainable weights, N examples of {@code inputs} numbers each, measured in
     * chunks of {@code chunk} examples: the d x d matrices, the per-example gradient chunk of the
     * diffusion estimate (as {@link MemoryEstimate#diffusionMatrix}) and the examples in float64.
     */
    public static LinearizeMemory of(long d, long n, long inputs, long chunk) {
        long matrix = matrixBytes(d);
        long off = add(mul(PEAK_MATRICES, matrix), mul(mul(2 * (Math.min(chunk, n) + 1), d), 8));
        off = add(off, mul(mul(n, inputs), 8));
        return new LinearizeMemory(d, off, mul(HEAP_MATRICES, matrix));
    }

    /** Bytes of one dense d x d float64 matrix. */
    public static long matrixBytes(long d) {
        return mul(mul(d, d), 8);
    }

    /** The largest d whose {@value #PEAK_MATRICES} d x d float64 matrices fit in {@code free}. */
    public static long largestDimension(FreeMemory free) {
        long byOffHeap = (long) Math.floor(Math.sqrt(free.offHeapBytes() / (8.0 * PEAK_MATRICES)));
        long byHeap = (long) Math.floor(Math.sqrt(free.heapBytes() / (8.0 * HEAP_MATRICES)));
        long dim = Math.min(byOffHeap, byHeap);
        while (dim > 0 && !(mul(PEAK_MATRICES, matrixBytes(dim)) <= free.offHeapBytes()
                && mul(HEAP_MATRICES, matrixBytes(dim)) <= free.heapBytes())) {
            dim--;
        }
        return dim;
    }

    /** The bytes needed, off the Java heap and on it. */
    public MemoryEstimate bytes() {
        return bytes;
    }

    /** One line: the sizes needed and the limits read. */
    public String describe(FreeMemory free) {
        return String.format(Locale.ROOT, "memory: %d dense d x d float64 matrices of %s each at the peak, about %s "
                        + "off-heap (%s free) and %s of Java heap (%s free)", PEAK_MATRICES,
                size(matrixBytes(d)), size(bytes.offHeapBytes()), size(free.offHeapBytes()), size(bytes.heapBytes()),
                size(free.heapBytes()));
    }

    /**
     * Refuses, in one sentence, a linearization that cannot fit, with advice that works: a network
     * whose d fits.
     *
     * @param model the network's name, for the message
     * @throws InsufficientMemoryException naming d, the bytes needed, the bytes free and the largest d that fits
     */
    public void requireFits(FreeMemory free, String model) {
        if (bytes.fits(free)) {
            return;
        }
        boolean heap = bytes.offHeapBytes() <= free.offHeapBytes();
        throw new InsufficientMemoryException(String.format(Locale.ROOT,
                "linearize %s (d = %,d) would need about %s %s (%d dense d x d float64 matrices) but %s is free; "
                        + "linearize fits d up to about %,d here: train a smaller network (sgdvi models lists each "
                        + "network's d; --width-scale shrinks one) and linearize that%s",
                model, d, size(heap ? bytes.heapBytes() : bytes.offHeapBytes()), heap ? "of Java heap" : "off-heap",
                heap ? HEAP_MATRICES : PEAK_MATRICES, size(heap ? free.heapBytes() : free.offHeapBytes()),
                largestDimension(free), heap ? ", or raise -Xmx" : ""));
    }

    /** Decimal megabytes below 1 GB, else decimal gigabytes ({@link MemoryEstimate#gigabytes}). */
    static String size(long bytes) {
        return bytes < 1_000_000_000L ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6) : MemoryEstimate.gigabytes(bytes);
    }
}
