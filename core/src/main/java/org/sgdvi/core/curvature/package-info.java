/**
 * Noise meets curvature: the Hessian H of the training loss beside the diffusion matrix D(x) of eq. (2)
 * (arXiv 1710.11029). Lemma 20 of the paper: the linearized dynamics dx = -H x dt + sqrt(2 D) dW are in
 * detailed balance exactly when H and D commute; {@link org.sgdvi.core.curvature.CurvatureAnalysis} measures
 * how far they are from it at the scale of real networks, from exact Hessian-vector products
 * ({@link org.sgdvi.core.gradients.HessianVectorProducts}) and streamed per-example gradients; with
 * {@link org.sgdvi.core.curvature.SpectralDensity} the spectral density of H (stochastic Lanczos quadrature),
 * {@link org.sgdvi.core.curvature.TailIndex} the tail index of the gradient noise (Lemma 2 assumes it Gaussian) and
 * {@link org.sgdvi.core.curvature.BlockOperator} the per-layer blocks H_ll and D_ll.
 */
package org.sgdvi.core.curvature;
