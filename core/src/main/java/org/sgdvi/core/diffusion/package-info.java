/**
 * The diffusion matrix of SGD (the paper's eq. (2), appendix A2, Figs. 1-2).
 *
 * <p>D(x) = (1/N) sum_k g_k g_k^T - gbar gbar^T with g_k = grad f_k(x) and gbar = grad f(x), the
 * covariance of one per-example gradient, so that a mini-batch of b examples drawn with replacement
 * has var(grad f_B) = D / b; without replacement D' = N/(N-1) D and var(grad f_B) = D' (1/b)(1 - b/N).
 *
 * <p>{@link org.sgdvi.core.diffusion.DiffusionEstimator} forms D in one streamed pass over
 * per-example gradient chunks; {@link org.sgdvi.core.diffusion.GradientChunkSource} hands the same
 * chunks to solvers that never form the d x d matrix; {@link org.sgdvi.core.diffusion.MemoryEstimate}
 * refuses allocations that cannot fit; {@link org.sgdvi.core.diffusion.DiffusionListener} takes
 * snapshots during DL4J training without disturbing it.
 */
package org.sgdvi.core.diffusion;
