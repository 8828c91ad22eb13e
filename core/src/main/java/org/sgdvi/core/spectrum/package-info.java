/**
 * The eigenvalue spectrum of the diffusion matrix D (the paper's Figs. 1-2, Remarks 13, 15, 16).
 *
 * <p>One {@link org.sgdvi.core.spectrum.EigenSolver} contract with four routes to the same numbers:
 * {@link org.sgdvi.core.spectrum.DenseSymmetricSolver} (LAPACK syev, eigenvalues only, on the d x d
 * matrix), {@link org.sgdvi.core.spectrum.GramSolver} (the N x N centred Gram matrix, whose nonzero
 * eigenvalues are those of D) and {@link org.sgdvi.core.spectrum.MatrixFreeSolver} (top-k by
 * block Lanczos on streamed gradient chunks, never forming d x d), and
 * {@link org.sgdvi.core.spectrum.DenseLanczosSolver} (D formed once, the eigenvalues above numpy's rank
 * threshold by the same block Lanczos on the in-memory D, the mean and std from tr D and ||D||_F);
 * {@link org.sgdvi.core.spectrum.SolverChooser} picks one from d, N and the free memory.
 * {@link org.sgdvi.core.spectrum.SpectrumStatistics} turns eigenvalues into the paper's numbers:
 * numpy's matrix_rank rule, mean and std over all d eigenvalues, a log-spaced histogram, the
 * normalized temperature and the architecture score.
 */
package org.sgdvi.core.spectrum;
