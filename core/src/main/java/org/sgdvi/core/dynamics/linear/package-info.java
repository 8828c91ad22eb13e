/**
 * Linearization of SGD's continuous-time dynamics at a critical point (Lemma 20 of Chaudhari and
 * Soatto): for grad f(x) = F x and constant diffusion D, the stationary covariance S of
 * dx = -F x dt + sqrt(2 D) dW solves the Lyapunov equation F S + S F^T = 2 D, and
 * F = (D + Q) U with U = S^{-1} symmetric (Phi(x) = x^T U x / 2) and Q = F S - D antisymmetric.
 * {@link org.sgdvi.core.dynamics.linear.LyapunovLinearization} computes the decomposition and
 * reports the directions where it does not exist. On a trained network,
 * {@link org.sgdvi.core.dynamics.linear.NetworkLinearization} measures F as the finite-difference
 * Hessian ({@link org.sgdvi.core.dynamics.linear.FiniteDifferenceHessian}) of the exact inference-mode
 * gradient and D with the diffusion estimator, and
 * {@link org.sgdvi.core.dynamics.linear.DetailedBalance} turns ||Q||/||D|| into a verdict.
 */
package org.sgdvi.core.dynamics.linear;
