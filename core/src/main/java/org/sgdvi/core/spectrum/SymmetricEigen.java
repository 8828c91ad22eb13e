package org.sgdvi.core.spectrum;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LAPACK through ND4J's backend: symmetric eigenvalues (syev) and Householder QR (geqrf), so the
 * same code runs on the CPU and CUDA backends.
 */
final class SymmetricEigen {

    private SymmetricEigen() {
    }

    /** Eigenpairs of a small symmetric matrix: values descending, vectors as the columns of a [n, n] matrix. */
    record Decomposition(double[] values, INDArray vectors) {
    }

    /**
     * Eigenvalues only (syev jobz = 'N'), sorted descending.
     *
     * <p>syev destroys the matrix it works on. A C-ordered [d, d] matrix is handed to LAPACK as its
     * transposed Fortran-ordered view (the same symmetric matrix), so LAPACKE works in place rather
     * than on a transposed d x d copy.
     *
     * @param symmetric a symmetric [d, d] FLOAT or DOUBLE matrix
     * @param overwrite whether {@code symmetric} may be destroyed (else a copy is made)
     */
    static double[] eigenvalues(INDArray symmetric, boolean overwrite) {
        long d = symmetric.rows();
        INDArray work = overwrite && symmetric.ordering() == 'c' && !symmetric.isView() ? symmetric : symmetric.dup('c');
        INDArray fortranView = work.transpose();
        INDArray w = Nd4j.create(work.dataType(), d);
        int info = Nd4j.getBlasWrapper().lapack().syev('N', 'U', fortranView, w);
        if (info != 0) {
            throw new IllegalStateException("LAPACK syev failed to converge (info = " + info + ") on a " + d + " x " + d
                    + " matrix; expected a finite symmetric matrix");
        }
        double[] ascending = w.castTo(DataType.DOUBLE).toDoubleVector();
        return reversed(ascending);
    }

    /**
     * Eigenvalues and eigenvectors of a small symmetric matrix (syev jobz = 'V'), in DOUBLE, descending.
     *
     * <p>The matrix is symmetrized as (A + A^T) / 2 into a new array (an in-place {@code a.addi(a.transpose())}
     * reads entries it has already overwritten, and ND4J's threads make the damage vary from call to
     * call), then handed to LAPACK through its Fortran-ordered view, so the eigenvectors come back as
     * that view's columns.
     */
    static Decomposition decompose(INDArray symmetric) {
        int n = (int) symmetric.rows();
        INDArray s = symmetric.castTo(DataType.DOUBLE);
        INDArray c = s.add(s.transpose()).muli(0.5);
        INDArray work = c.ordering() == 'c' && !c.isView() ? c : c.dup('c');
        INDArray fortran = work.transpose();
        INDArray w = Nd4j.create(DataType.DOUBLE, n);
        int info = Nd4j.getBlasWrapper().lapack().syev('V', 'U', fortran, w);
        if (info != 0) {
            throw new IllegalStateException("LAPACK syev failed to converge (info = " + info + ") on a " + n + " x " + n
                    + " Rayleigh-Ritz matrix; expected finite values");
        }
        double[] ascending = w.toDoubleVector();
        INDArray vectors = Nd4j.create(DataType.DOUBLE, n, n);
        for (int j = 0; j < n; j++) {
            vectors.putColumn(j, fortran.getColumn(n - 1 - j));
        }
        return new Decomposition(reversed(ascending), vectors);
    }

    /**
     * {tr A, ||A||_F^2} of a square matrix, read before a solver destroys it: the squared norm is
     * summed in double over the rows' own norms, so a FLOAT matrix does not accumulate d^2 terms in
     * float.
     */
    static double[] traceAndSquaredNorm(INDArray a) {
        long n = a.rows();
        double trace = 0;
        for (long i = 0; i < n; i++) {
            trace += a.getDouble(i, i);
        }
        double squares = 0;
        for (double r : a.norm2(1).castTo(DataType.DOUBLE).toDoubleVector()) {
            squares += r * r;
        }
        return new double[] {trace, squares};
    }

    /** Replaces the columns of a [d, k] C-ordered matrix (k <= d) with an orthonormal basis of their span (Householder QR). */
    static void orthonormalize(INDArray a) {
        INDArray r = Nd4j.create(a.dataType(), a.columns(), a.columns());
        Nd4j.getBlasWrapper().lapack().geqrf(a, r);
    }

    private static double[] reversed(double[] ascending) {
        double[] out = new double[ascending.length];
        for (int i = 0; i < ascending.length; i++) {
            out[i] = ascending[ascending.length - 1 - i];
        }
        return out;
    }
}
