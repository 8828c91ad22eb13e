package org.sgdvi.core.dynamics.linear;

/**
 * A pair of eigen-directions (i, j), i &lt;= j, of the symmetric matrix F for which the Lyapunov
 * equation's entry mu_i S_ij + S_ij mu_j = 2 D_ij has no positive-definite (stationary) solution
 * because mu_i + mu_j &lt;= 0: the linearized process is not stationary along these directions.
 *
 * @param i   index of the first eigenvalue (eigenvalues sorted ascending)
 * @param j   index of the second eigenvalue
 * @param muI the eigenvalue mu_i
 * @param muJ the eigenvalue mu_j
 */
public record IllPosedPair(int i, int j, double muI, double muJ) {
}
