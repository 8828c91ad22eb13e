/**
 * Linearization of SGD's continuous-time dynamics at a critical point (Lemma 20 of Chaudhari and
 * Soatto): for grad f(x) = F x and constant diffusion D, the stationary covariance S of
 * dx = -F x dt + sqrt(2 D) dW solves the Lyapunov equation F S + S F^T = 2 D, and
 * F = (D + Q) U with U = S^{-1} symmetric (Phi(x) = x^T U x / 2) and Q = F S - D antisymmetric.
 * {@link org.sgdvi.core.dynamics.linear.LyapunovLinearization} computes the decomposition and
 * reports the directions where it does not exist.
 */
package org.sgdvi.core.dynamics.linear;
