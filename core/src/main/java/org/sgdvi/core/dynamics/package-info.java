/**
 * Toy dynamics that make the paper's claims visible in two dimensions (Example 19, Fig. 4 of
 * Chaudhari and Soatto, "SGD performs variational inference, converges to limit cycles").
 *
 * <ul>
 *   <li>{@link org.sgdvi.core.dynamics.DoubleWell}: the double well Phi, its stationary
 *       current J_ss, the non-conservative force j and the drift grad f = grad Phi - j, with
 *       analytic derivatives.</li>
 *   <li>{@link org.sgdvi.core.dynamics.CriticalPointFinder}: Newton's method from a grid of
 *       starts, de-duplication and linear classification of the zeros of a vector field.</li>
 *   <li>{@link org.sgdvi.core.dynamics.EulerMaruyamaSampler}: many particles of
 *       dx = -grad f dt + sqrt(2/beta) dW at once, with histograms and winding numbers.</li>
 *   <li>{@link org.sgdvi.core.dynamics.FokkerPlanckSolver2D}: a positivity-preserving,
 *       mass-conserving finite-volume solver of the Fokker-Planck equation whose discrete
 *       stationary state is the Gibbs density, so that Theorem 5 (monotone free energy) is
 *       testable exactly.</li>
 * </ul>
 * Everything here is plain double arithmetic on small arrays; the linearization of Lemma 20
 * lives in {@link org.sgdvi.core.dynamics.linear}.
 */
package org.sgdvi.core.dynamics;
