package org.sgdvi.core.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The real routines with one fault injected, for the tests that prove the kernel self-check ({@link KernelSelfTest})
 * and the commands' gate in front of it notice it, as {@link org.sgdvi.core.check.FaultInjection} does for the
 * results' self-checks; nothing in the toolkit uses it. {@link #SWAPPED_EIGENVECTORS} reproduces what OpenBLAS
 * 0.3.19's SkylakeX dsyev did: right eigenvalues, wrong eigenvectors from n = 130 on.
 */
public enum FaultyKernels implements LinearAlgebraKernels {
    /** dsyev('V') from n = 130: eigenvectors 0 and 1 swapped. */
    SWAPPED_EIGENVECTORS,
    /** ssyev('N'): every eigenvalue off by 1e-3 of the largest. */
    SHIFTED_EIGENVALUES,
    /** dgemm: one entry of the product off by one. */
    GEMM_ENTRY,
    /** syrk: writes the lower triangle too. */
    SYRK_LOWER,
    /** geqrf: Q scaled by 1.01. */
    QR_SCALED;

    private static final LinearAlgebraKernels REAL = LinearAlgebraKernels.nd4j();

    @Override
    public INDArray gemm(INDArray a, INDArray b) {
        INDArray c = REAL.gemm(a, b);
        if (this == GEMM_ENTRY && c.dataType() == DataType.DOUBLE && c.rows() > 1) {
            c.putScalar(1, 0, c.getDouble(1, 0) + 1);
        }
        return c;
    }

    @Override
    public void syrkUpper(INDArray z, INDArray m) {
        REAL.syrkUpper(z, m);
        if (this == SYRK_LOWER && m.rows() > 1) {
            m.putScalar(1, 0, m.getDouble(0, 1));
        }
    }

    @Override
    public INDArray syevValues(INDArray a) {
        INDArray w = REAL.syevValues(a);
        if (this == SHIFTED_EIGENVALUES && w.dataType() == DataType.FLOAT) {
            double max = Math.max(Math.abs(w.getDouble(0)), Math.abs(w.getDouble(w.length() - 1)));
            return w.add(1e-3 * max);
        }
        return w;
    }

    @Override
    public Eigenpairs syevVectors(INDArray a) {
        Eigenpairs e = REAL.syevVectors(a);
        if (this == SWAPPED_EIGENVECTORS && a.dataType() == DataType.DOUBLE && a.rows() >= 130) {
            INDArray v = e.vectors().dup('c');
            INDArray first = v.get(NDArrayIndex.all(), NDArrayIndex.point(0)).dup();
            v.get(NDArrayIndex.all(), NDArrayIndex.point(0)).assign(v.get(NDArrayIndex.all(), NDArrayIndex.point(1)));
            v.get(NDArrayIndex.all(), NDArrayIndex.point(1)).assign(first);
            return new Eigenpairs(e.values(), v);
        }
        return e;
    }

    @Override
    public Eigenpairs syevVectorsLower(INDArray a) {
        return REAL.syevVectorsLower(a);
    }

    @Override
    public void geqrf(INDArray a, INDArray r) {
        REAL.geqrf(a, r);
        if (this == QR_SCALED) {
            a.muli(1.01);
        }
    }
}
