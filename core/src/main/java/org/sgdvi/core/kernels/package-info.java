/**
 * The BLAS and LAPACK kernels under every number the toolkit computes, and their self-check.
 *
 * <p>OpenBLAS chooses its kernels by CPU at load time (or by {@code OPENBLAS_CORETYPE}), and a kernel
 * bug on one CPU type is invisible on another: OpenBLAS 0.3.19's SkylakeX kernels return wrong
 * double-precision eigenvectors from {@code dsyev} for n &ge; 130 while its Haswell kernels are
 * right. {@link org.sgdvi.core.kernels.LinearAlgebraKernels} names the routines the toolkit calls
 * (gemm, syrk, syev 'N' and 'V', geqrf) exactly as it calls them;
 * {@link org.sgdvi.core.kernels.KernelSelfTest} checks each against measures that do not use it
 * (eigen-residuals, orthogonality, trace and Frobenius invariants, random-probe products and a
 * pure-Java eigensolver); {@link org.sgdvi.core.kernels.CoreType} runs the same self-test once for
 * every OpenBLAS core type this CPU can execute.
 */
package org.sgdvi.core.kernels;
