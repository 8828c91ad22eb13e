package org.sgdvi.core.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.diffusion.ScatterUpdate;

/**
 * The dense linear-algebra routines the toolkit's results rest on, each called the way the toolkit
 * calls it: D(x) (eq. 2) is accumulated by syrk or gemm, its spectrum comes from syev, the
 * Rayleigh-Ritz step of block Lanczos from syev 'V' and geqrf, the linearization (Lemma 20) from
 * syev 'V', and ZCA whitening (in the datasets module) from syev 'V' through ND4J's {@code Eigen}
 * (uplo 'L' on the row-major layout, {@link #syevVectorsLower}). {@link #nd4j()} is the real route;
 * {@link KernelSelfTest} checks any implementation, so that a test can hand it a faulty one.
 */
public interface LinearAlgebraKernels {

    /** Eigenvalues in ascending order, and for jobz = 'V' the eigenvectors as the columns of a [n, n] matrix. */
    record Eigenpairs(INDArray values, INDArray vectors) {
    }

    /** A B (ND4J {@code mmul}, BLAS ?gemm). */
    INDArray gemm(INDArray a, INDArray b);

    /**
     * M += Z^T Z on the upper triangle of M, by the route D(x) is built with ({@link ScatterUpdate#best()}:
     * OpenBLAS ?syrk on the CPU backend); the strictly lower triangle of M is left as it was.
     */
    void syrkUpper(INDArray z, INDArray m);

    /** Eigenvalues of a symmetric matrix, ascending (LAPACK ?syev jobz = 'N'); {@code a} is not modified. */
    INDArray syevValues(INDArray a);

    /** Eigenvalues, ascending, and eigenvectors of a symmetric matrix (LAPACK ?syev jobz = 'V'); {@code a} is not modified. */
    Eigenpairs syevVectors(INDArray a);

    /**
     * Eigenvalues, ascending, and eigenvectors of a symmetric matrix through ND4J's
     * {@code Eigen.symmetricGeneralizedEigenvalues(A, true)} (LAPACK ?syev 'V' with uplo 'L' on the
     * row-major layout), the route ZCA whitening takes; {@code a} is not modified.
     */
    Eigenpairs syevVectorsLower(INDArray a);

    /** Householder QR of a [m, k] C-ordered matrix (LAPACK ?geqrf then ?orgqr): {@code a} becomes Q, {@code r} receives R. */
    void geqrf(INDArray a, INDArray r);

    /** The routines as the toolkit calls them: ND4J's backend and OpenBLAS. */
    static LinearAlgebraKernels nd4j() {
        return Nd4jKernels.INSTANCE;
    }
}

/**
 * ND4J and OpenBLAS, through the same calls as {@link org.sgdvi.core.linalg.SymmetricEigen} (syev on the
 * transposed Fortran-ordered view with uplo 'U', geqrf) and {@link ScatterUpdate}.
 */
final class Nd4jKernels implements LinearAlgebraKernels {

    static final Nd4jKernels INSTANCE = new Nd4jKernels();

    private Nd4jKernels() {
    }

    @Override
    public INDArray gemm(INDArray a, INDArray b) {
        return a.mmul(b);
    }

    @Override
    public void syrkUpper(INDArray z, INDArray m) {
        ScatterUpdate route = ScatterUpdate.best();
        if (route == ScatterUpdate.SYRK) {
            route.apply(z, m);
            return;
        }
        // GEMM (a GPU backend) updates both triangles: keep the contract by restoring the lower one
        INDArray before = m.dup();
        route.apply(z, m);
        for (long i = 1; i < m.rows(); i++) {
            m.get(NDArrayIndex.point(i), NDArrayIndex.interval(0, i))
                    .assign(before.get(NDArrayIndex.point(i),
                            NDArrayIndex.interval(0, i)));
        }
    }

    @Override
    public INDArray syevValues(INDArray a) {
        // the solvers' own call (the two-stage reduction on the CPU backend), on a copy
        return org.sgdvi.core.linalg.SymmetricEigen.valuesInPlace(a.dup('c'));
    }

    @Override
    public Eigenpairs syevVectors(INDArray a) {
        INDArray work = a.dup('c');
        INDArray fortran = work.transpose();
        INDArray w = Nd4j.create(a.dataType(), a.rows());
        int info = Nd4j.getBlasWrapper().lapack().syev('V', 'U', fortran, w);
        if (info != 0) {
            throw new IllegalStateException("LAPACK syev('V') returned info = " + info + " on a " + a.rows() + " x "
                    + a.rows() + " matrix");
        }
        return new Eigenpairs(w, fortran);
    }

    @Override
    public Eigenpairs syevVectorsLower(INDArray a) {
        INDArray vectors = a.dup('c');
        INDArray values = org.nd4j.linalg.eigen.Eigen.symmetricGeneralizedEigenvalues(vectors, true);
        return new Eigenpairs(values, vectors);
    }

    @Override
    public void geqrf(INDArray a, INDArray r) {
        Nd4j.getBlasWrapper().lapack().geqrf(a, r);
    }
}
