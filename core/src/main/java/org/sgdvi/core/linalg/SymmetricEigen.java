package org.sgdvi.core.linalg;

import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The toolkit's one route to dense symmetric eigenproblems, symmetrization and QR orthonormalization:
 * LAPACK through ND4J's backend (OpenBLAS on the CPU), so the same code runs on the CPU and CUDA
 * backends.
 *
 * <p>The math. A real symmetric n x n matrix A = A^T has n real eigenvalues and an orthonormal basis of
 * eigenvectors: A = V diag(lambda) V^T with V^T V = I, that is A v_k = lambda_k v_k for the k-th column
 * v_k of V. {@link Order} says in which order the eigenvalues (and the matching columns of V) come back.
 * Each v_k is defined only up to its sign (and, for a repeated eigenvalue, up to a rotation inside its
 * eigenspace): callers must use only sign-invariant quantities such as V diag(f(lambda)) V^T.
 * {@link #symmetrize} is (A + A^T) / 2, the symmetric part of A; {@link #orthonormalize} is the Q of a
 * Householder QR factorization A = Q R.
 *
 * <p>The route. Eigenvalues only go through {@link #valuesInPlace} (the two-stage ?syev_2stage on the
 * CPU backend). syev (jobz 'N' elsewhere, 'V' for eigenpairs) receives a C-ordered [n, n]
 * array as its transposed Fortran-ordered view with uplo 'U'; for a symmetric matrix that view is the
 * same matrix, LAPACK works in place (no transposed n x n copy inside LAPACKE), and it reads the lower
 * triangle (row &ge; column) of the C-ordered array, the same entries ND4J's
 * {@code Eigen.symmetricGeneralizedEigenvalues} reads (uplo 'L' on the row-major layout). The
 * eigenvalues agree with ND4J's {@code Eigen} to rounding, the eigenvectors to rounding and sign.
 * {@code LinearAlgebraKernels.nd4j()} calls syev and geqrf in exactly this way, so the kernel self-check
 * tests the route this class takes.
 */
public final class SymmetricEigen {

    private SymmetricEigen() {
    }

    /** The order of the eigenvalues, and of the eigenvector columns that match them. */
    public enum Order {
        /** lambda_1 &le; lambda_2 &le; ... (LAPACK's own order, and that of ND4J's {@code Eigen}). */
        ASCENDING,
        /** lambda_1 &ge; lambda_2 &ge; ... */
        DESCENDING
    }

    /**
     * Eigenpairs A v_k = lambda_k v_k.
     *
     * @param values  the eigenvalues lambda_k, in {@code order}
     * @param vectors a C-ordered DOUBLE [n, n] matrix whose column k is the unit eigenvector v_k of
     *                {@code values[k]} (the columns are orthonormal)
     * @param order   the order of {@code values} and of the columns
     */
    public record Decomposition(double[] values, INDArray vectors, Order order) {
    }

    /**
     * (A + A^T) / 2 of a square matrix, in a new C-ordered array of A's data type; A is not modified.
     *
     * <p>Never {@code a.addi(a.transpose())}: ND4J reads the transposed view while it overwrites the
     * same buffer, so that in-place form reads entries it has already overwritten, and ND4J's threads
     * make the damage vary from call to call.
     *
     * @throws IllegalArgumentException if {@code a} is not a square matrix
     */
    public static INDArray symmetrize(INDArray a) {
        checkSquare(a);
        INDArray sum = a.add(a.transpose());
        return (sum.ordering() == 'c' ? sum : sum.dup('c')).muli(0.5);
    }

    /**
     * The eigenvalues of a symmetric matrix (syev jobz = 'N'), computed in its own data type (FLOAT or
     * DOUBLE); {@code symmetric} is not modified. Only its lower triangle (row &ge; column) is read: a
     * matrix that may not be symmetric goes through {@link #symmetrize} first.
     */
    public static double[] eigenvalues(INDArray symmetric, Order order) {
        return eigenvalues(symmetric, false, order);
    }

    /**
     * {@link #eigenvalues(INDArray, Order)}, optionally destroying the input to save an n x n copy.
     *
     * @param symmetric a symmetric [n, n] FLOAT or DOUBLE matrix (lower triangle read)
     * @param overwrite whether {@code symmetric} may be destroyed: it is worked on in place when it is
     *                  also C-ordered and not a view, else a copy is made
     * @param order     the order of the returned eigenvalues
     */
    public static double[] eigenvalues(INDArray symmetric, boolean overwrite, Order order) {
        int n = checkSquare(symmetric);
        INDArray work = overwrite && symmetric.ordering() == 'c' && !symmetric.isView() && symmetric.offset() == 0
                ? symmetric : symmetric.dup('c');
        INDArray w = valuesInPlace(work);
        double[] ascending = w.castTo(DataType.DOUBLE).toDoubleVector();
        return order == Order.ASCENDING ? ascending : reversed(ascending);
    }

    /**
     * The eigenvalues, ascending, of a C-ordered, unviewed symmetric matrix, which is destroyed: LAPACK's
     * two-stage tridiagonal reduction ?syev_2stage (jobz 'N') through OpenBLAS on the CPU backend for
     * n &ge; {@link #TWO_STAGE_MIN}, on the
     * buffer as the Fortran-ordered transpose with uplo 'U' (the lower triangle of the C-ordered array,
     * no copy inside LAPACKE); ND4J's syev on other backends. Measured on 2 cores (shared machine, n =
     * 2,000, minima of 3 interleaved runs): the two-stage route took 0.70 (float) and 0.78 (double) of
     * syev's time, syevd 0.92 and 0.89, syevr 1.24 and 0.99; all agree with syev to 1.1e-14 (double) and
     * 5.7e-6 (float) of lambda_max. The kernel self-check calls this method, so it checks this route.
     *
     * @param work a C-ordered [n, n] FLOAT or DOUBLE array that is not a view
     * @return the n eigenvalues in a new array of the matrix's type, ascending
     */
    public static INDArray valuesInPlace(INDArray work) {
        int n = checkSquare(work);
        boolean floating = work.dataType() == DataType.FLOAT || work.dataType() == DataType.DOUBLE;
        if (work.ordering() != 'c' || work.isView() || work.offset() != 0 || !floating) {
            throw new IllegalArgumentException("expected an unviewed C-ordered FLOAT or DOUBLE matrix, got "
                    + work.shapeInfoToString().replace('\n', ' '));
        }
        INDArray w = Nd4j.create(work.dataType(), n);
        int info;
        boolean twoStage = TWO_STAGE && n >= TWO_STAGE_MIN;
        if (twoStage) {
            org.bytedeco.javacpp.Pointer a = work.data().addressPointer();
            org.bytedeco.javacpp.Pointer values = w.data().addressPointer();
            info = work.dataType() == DataType.FLOAT
                    ? openblas.LAPACKE_ssyev_2stage(openblas.LAPACK_COL_MAJOR, (byte) 'N', (byte) 'U', n,
                            new org.bytedeco.javacpp.FloatPointer(a), n, new org.bytedeco.javacpp.FloatPointer(values))
                    : openblas.LAPACKE_dsyev_2stage(openblas.LAPACK_COL_MAJOR, (byte) 'N', (byte) 'U', n,
                            new org.bytedeco.javacpp.DoublePointer(a), n, new org.bytedeco.javacpp.DoublePointer(values));
        } else {
            info = Nd4j.getBlasWrapper().lapack().syev('N', 'U', work.transpose(), w);
        }
        if (info != 0) {
            throw new IllegalStateException("LAPACK " + (twoStage ? "syev_2stage" : "syev") + " failed to converge (info = "
                    + info + ") on a " + n + " x " + n + " matrix; expected a finite symmetric matrix");
        }
        return w;
    }

    /**
     * The smallest n given to the two-stage route; smaller matrices take syev (they cost microseconds,
     * and the two-stage reduction of a matrix narrower than its band copies it instead of working in place).
     * The kernel gate's n = 130 and 131 take the two-stage route.
     */
    static final int TWO_STAGE_MIN = 128;

    /** Whether {@link #valuesInPlace} calls OpenBLAS's ?syev_2stage directly (CPU backend, library loadable). */
    private static final boolean TWO_STAGE = cpuOpenBlas();

    /** Whether ND4J runs on the CPU backend and JavaCPP's OpenBLAS (with LAPACKE) can be called directly. */
    public static boolean cpuOpenBlas() {
        if (!Nd4j.getBackend().getClass().getSimpleName().equals("CpuBackend")) {
            return false;
        }
        try {
            org.bytedeco.javacpp.Loader.load(openblas.class);
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Eigenvalues and eigenvectors (syev jobz = 'V'), in DOUBLE, of the symmetric part
     * {@link #symmetrize (A + A^T) / 2} of a square matrix (A itself when it is symmetric); A is not
     * modified.
     */
    public static Decomposition decompose(INDArray a, Order order) {
        int n = checkSquare(a);
        INDArray work = symmetrize(a.castTo(DataType.DOUBLE));
        INDArray fortran = work.transpose();
        INDArray w = Nd4j.create(DataType.DOUBLE, n);
        int info = Nd4j.getBlasWrapper().lapack().syev('V', 'U', fortran, w);
        if (info != 0) {
            throw new IllegalStateException("LAPACK syev failed to converge (info = " + info + ") on a " + n + " x " + n
                    + " matrix; expected finite values");
        }
        // the eigenvectors are the columns of the Fortran-ordered view, ascending
        double[] ascending = w.toDoubleVector();
        if (order == Order.ASCENDING) {
            return new Decomposition(ascending, fortran.dup('c'), order);
        }
        INDArray vectors = Nd4j.create(DataType.DOUBLE, n, n);
        for (int j = 0; j < n; j++) {
            vectors.putColumn(j, fortran.getColumn(n - 1 - j));
        }
        return new Decomposition(reversed(ascending), vectors, order);
    }

    /**
     * {tr A, ||A||_F^2} of a square matrix, read before a solver destroys it: the squared norm is
     * accumulated in double, block of rows by block of rows cast to DOUBLE, so the entries of a FLOAT matrix
     * are squared and summed without float rounding (ND4J's norm of a FLOAT array accumulates in float, which
     * at n = 13,338 moved ||A||_F^2 by parts in 10^6).
     */
    public static double[] traceAndSquaredNorm(INDArray a) {
        long n = a.rows();
        double trace = 0;
        for (long i = 0; i < n; i++) {
            trace += a.getDouble(i, i);
        }
        double squares = 0;
        long block = Math.max(1, SQUARED_NORM_BLOCK / Math.max(1, a.columns()));
        for (long r0 = 0; r0 < n; r0 += block) {
            INDArray rows = a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r0, Math.min(n, r0 + block)),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray wide = rows.castTo(DataType.DOUBLE);
            double f = wide.norm2Number().doubleValue();
            squares += f * f;
            if (wide != rows) {
                wide.close();
            }
        }
        return new double[] {trace, squares};
    }

    /** Entries per DOUBLE block of {@link #traceAndSquaredNorm} (32 MB). */
    private static final long SQUARED_NORM_BLOCK = 1L << 22;

    /**
     * Replaces the columns of a C-ordered [m, k] matrix A (k &le; m, full column rank) by an orthonormal
     * basis of their span: the Q of A = Q R (LAPACK geqrf, then orgqr), in place.
     */
    public static void orthonormalize(INDArray a) {
        INDArray r = Nd4j.create(a.dataType(), a.columns(), a.columns());
        Nd4j.getBlasWrapper().lapack().geqrf(a, r);
    }

    private static int checkSquare(INDArray a) {
        if (a.rank() != 2 || a.rows() != a.columns()) {
            throw new IllegalArgumentException("expected a square matrix, got shape " + java.util.Arrays.toString(a.shape()));
        }
        return a.rows();
    }

    private static double[] reversed(double[] ascending) {
        double[] out = new double[ascending.length];
        for (int i = 0; i < ascending.length; i++) {
            out[i] = ascending[ascending.length - 1 - i];
        }
        return out;
    }
}
