package org.sgdvi.core.dynamics;

/**
 * Linear type of a zero x* of a vector field g, read off the eigenvalues of the Jacobian A of g
 * at x*, for the dynamics x' = -g(x) (linearization x' = -A (x - x*)). For g = grad f with
 * symmetric A these are the usual minimum / saddle / maximum; for a non-gradient g (Example 19
 * with lambda != 0) MINIMUM means a stable node.
 */
public enum CriticalPointType {
    /** Both eigenvalues real and positive: stable node of x' = -g (a strict minimum if A is symmetric). */
    MINIMUM,
    /** Real eigenvalues of opposite signs. */
    SADDLE,
    /** Both eigenvalues real and negative: unstable node (a strict maximum if A is symmetric). */
    MAXIMUM,
    /** Complex pair with positive real part: trajectories of x' = -g spiral in. */
    STABLE_FOCUS,
    /** Complex pair with negative real part: trajectories of x' = -g spiral out. */
    UNSTABLE_FOCUS,
    /** Complex pair with zero real part (to tolerance): a linear centre; nonlinear terms decide. */
    CENTER,
    /** An eigenvalue is zero (to tolerance). */
    DEGENERATE
}
