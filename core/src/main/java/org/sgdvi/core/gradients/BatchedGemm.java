package org.sgdvi.core.gradients;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batched matrix product c_k = op(a_k) op(b_k) for k = 1..n (op = identity or transpose), where
 * a is either one matrix shared by all k ([r, s]) or a batch [n, r, s], as one OpenBLAS
 * {@code ?gemm} call per k on the arrays' own memory. Each matrix of a batch must be C-contiguous
 * within itself (the batches may have any stride between matrices, e.g. the per-example weight
 * blocks inside the rows of a gradient chunk); otherwise, or for a data type other than FLOAT and
 * DOUBLE, the product falls back to ND4J's batched {@code matmul}. On small-lenet's per-example
 * gradients the results are bitwise those of ND4J's batched matmul (the same GEMM kernel per matrix),
 * at less cost per matrix: a JFR profile put a ninth of the engine's samples in that batched matmul.
 */
final class BatchedGemm {

    private BatchedGemm() {
    }

    /**
     * c_k = op(a_k) op(b_k) overwriting c.
     *
     * @param a [r, s] shared by all k, or [n, r, s]
     * @param b [n, s', t']
     * @param c [n, rows of op(a), columns of op(b)]
     */
    static void multiply(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c) {
        long n = b.size(0);
        boolean shared = a.rank() == 2;
        long rowsA = a.size(shared ? 0 : 1);
        long colsA = a.size(shared ? 1 : 2);
        long rowsB = b.size(1);
        long colsB = b.size(2);
        long mOut = transA ? colsA : rowsA;
        long inner = transA ? rowsA : colsA;
        long nOut = transB ? rowsB : colsB;
        if ((transB ? colsB : rowsB) != inner || c.size(0) != n || c.size(1) != mOut || c.size(2) != nOut
                || (!shared && a.size(0) != n)) {
            throw new IllegalArgumentException("batched product of shapes " + java.util.Arrays.toString(a.shape())
                    + (transA ? "^T" : "") + " and " + java.util.Arrays.toString(b.shape()) + (transB ? "^T" : "")
                    + " into " + java.util.Arrays.toString(c.shape()) + " does not conform");
        }
        DataType type = c.dataType();
        boolean direct = (type == DataType.FLOAT || type == DataType.DOUBLE) && a.dataType() == type
                && b.dataType() == type && matrices(a, shared) && matrices(b, false) && matrices(c, false);
        if (!direct) {
            INDArray batchA = shared ? broadcast(a, n) : a;
            Nd4j.matmul(batchA, b, c, transA, transB, false);
            return;
        }
        int order = openblas.CblasRowMajor;
        int opA = transA ? openblas.CblasTrans : openblas.CblasNoTrans;
        int opB = transB ? openblas.CblasTrans : openblas.CblasNoTrans;
        long offA = start(a);
        long offB = start(b);
        long offC = start(c);
        long strideA = shared ? 0 : a.stride(0);
        long strideB = b.stride(0);
        long strideC = c.stride(0);
        int lda = (int) colsA;
        int ldb = (int) colsB;
        int ldc = (int) nOut;
        java.util.function.LongConsumer product;
        if (type == DataType.FLOAT) {
            FloatPointer pa = new FloatPointer(a.data().addressPointer());
            FloatPointer pb = new FloatPointer(b.data().addressPointer());
            FloatPointer pc = new FloatPointer(c.data().addressPointer());
            product = k -> openblas.cblas_sgemm(order, opA, opB, (int) mOut, (int) nOut, (int) inner, 1f,
                    pa.position(offA + k * strideA), lda, pb.position(offB + k * strideB), ldb, 0f, pc.position(offC + k * strideC), ldc);
        } else {
            DoublePointer pa = new DoublePointer(a.data().addressPointer());
            DoublePointer pb = new DoublePointer(b.data().addressPointer());
            DoublePointer pc = new DoublePointer(c.data().addressPointer());
            product = k -> openblas.cblas_dgemm(order, opA, opB, (int) mOut, (int) nOut, (int) inner, 1.0,
                    pa.position(offA + k * strideA), lda, pb.position(offB + k * strideB), ldb, 0.0, pc.position(offC + k * strideC), ldc);
        }
        for (long k = 0; k < n; k++) {
            product.accept(k);
        }
    }

    /** Whether every matrix (the last two dimensions) of a is C-contiguous, with int-sized dimensions. */
    private static boolean matrices(INDArray a, boolean single) {
        int r = a.rank();
        if (r != (single ? 2 : 3) || a.data().addressPointer() == null || a.data().addressPointer().position() != 0) {
            return false;
        }
        long cols = a.size(r - 1);
        return a.stride(r - 1) == 1 && a.stride(r - 2) == cols && a.size(r - 2) <= Integer.MAX_VALUE
                && cols <= Integer.MAX_VALUE && a.size(r - 1) > 0 && a.size(r - 2) > 0;
    }

    /** The position of a's first element relative to its buffer's address pointer (which already points at the buffer's offset). */
    private static long start(INDArray a) {
        return a.offset() - a.data().offset();
    }

    /** A shared matrix seen as [n, rows, cols] with stride 0 along n (a view; ND4J's batched matmul reads it n times). */
    static INDArray broadcast(INDArray w2, long n) {
        INDArray w = w2.ordering() == 'c' && Shape.hasDefaultStridesForShape(w2) ? w2 : w2.dup('c');
        return Nd4j.create(w.data(), new long[] {n, w.size(0), w.size(1)}, new long[] {0, w.size(1), 1},
                w.offset(), 'c');
    }
}
