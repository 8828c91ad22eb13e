package org.sgdvi.core.diffusion;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The rank-k update of a scatter matrix, M += Z^T Z, the one O(m d^2) step of building D(x).
 *
 * <p>{@link #GEMM} runs on every ND4J backend (GPU included) and writes the whole matrix.
 * {@link #SYRK} calls OpenBLAS {@code ?syrk} on the CPU backend: it computes only the upper triangle,
 * half the arithmetic (ND4J 1.0.0-M2.1's own syrk passes K = 1 and cannot be used), and
 * {@link #completeLowerTriangle} mirrors it once at the end. {@link #best()} picks SYRK on the CPU
 * backend when OpenBLAS loads, GEMM otherwise.
 */
public enum ScatterUpdate {
    /** Full GEMM, any backend. */
    GEMM,
    /** OpenBLAS syrk on the upper triangle, CPU backend only. */
    SYRK;

    private static final int MIRROR_BLOCK = 512;

    /** SYRK on the CPU backend when OpenBLAS is usable, GEMM otherwise. */
    public static ScatterUpdate best() {
        return org.sgdvi.core.linalg.SymmetricEigen.cpuOpenBlas() ? SYRK : GEMM;
    }

    /**
     * M += Z^T Z. For SYRK only the upper triangle of M is updated and both arrays must be
     * C-ordered, unviewed and of the same type (FLOAT or DOUBLE).
     */
    public void apply(INDArray z, INDArray m) {
        if (this == GEMM) {
            Nd4j.gemm(z, z, m, true, false, 1.0, 1.0);
            return;
        }
        syrk(z, m, true, 1.0, 1.0);
    }

    /**
     * M = scale R R^T for rows R [n, w] (the Gram matrix of the rows), both triangles filled: SYRK on the
     * upper triangle then mirrored, or one GEMM. R is C-ordered and unviewed for SYRK.
     */
    public void gram(INDArray rows, INDArray m, double scale) {
        if (this == GEMM || rows.columns() == 0) {
            Nd4j.gemm(rows, rows, m, false, true, scale, 0.0);
            return;
        }
        syrk(rows, m, false, scale, 0.0);
        completeLowerTriangle(m);
    }

    /**
     * The upper triangle of M = alpha op(A) op(A)^T + beta M by OpenBLAS, row-major: op(A) = A^T
     * ({@code transposed}, A [k, n]) or A ([n, k]). Both C-ordered, unviewed, of one type.
     */
    private static void syrk(INDArray a, INDArray m, boolean transposed, double alpha, double beta) {
        if (a.ordering() != 'c' || m.ordering() != 'c' || a.isView() || m.isView() || a.dataType() != m.dataType()) {
            throw new IllegalArgumentException("syrk needs contiguous C-ordered arrays of one type; got "
                    + a.ordering() + "/" + a.dataType() + " and M " + m.ordering() + "/" + m.dataType());
        }
        int n = Math.toIntExact(m.columns());
        int k = Math.toIntExact(transposed ? a.rows() : a.columns());
        int lda = Math.toIntExact(a.columns());
        int trans = transposed ? openblas.CblasTrans : openblas.CblasNoTrans;
        if (m.dataType() == DataType.FLOAT) {
            openblas.cblas_ssyrk(openblas.CblasRowMajor, openblas.CblasUpper, trans, n, k, (float) alpha,
                    (FloatPointer) a.data().addressPointer(), lda, (float) beta, (FloatPointer) m.data().addressPointer(), n);
        } else {
            openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasUpper, trans, n, k, alpha,
                    (DoublePointer) a.data().addressPointer(), lda, beta, (DoublePointer) m.data().addressPointer(), n);
        }
    }

    /**
     * Copies the upper triangle of a square C-ordered matrix onto its lower triangle, block by block
     * with native transposed assignments (each block reads only entries above the diagonal, which
     * the block writes never touch).
     */
    public static void completeLowerTriangle(INDArray m) {
        long n = m.rows();
        for (long r0 = 0; r0 < n; r0 += MIRROR_BLOCK) {
            long r1 = Math.min(n, r0 + MIRROR_BLOCK);
            if (r0 > 0) {
                m.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.interval(0, r0))
                        .assign(m.get(NDArrayIndex.interval(0, r0), NDArrayIndex.interval(r0, r1)).transpose());
            }
            // the diagonal block (at most 512 x 512) is mirrored on the heap
            INDArray block = m.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.interval(r0, r1));
            double[][] b = block.toDoubleMatrix();
            for (int i = 1; i < b.length; i++) {
                for (int j = 0; j < i; j++) {
                    b[i][j] = b[j][i];
                }
            }
            block.assign(Nd4j.createFromArray(b).castTo(m.dataType()));
        }
    }
}
