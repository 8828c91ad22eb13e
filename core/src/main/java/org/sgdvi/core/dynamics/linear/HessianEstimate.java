package org.sgdvi.core.dynamics.linear;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Hessian estimated by {@link FiniteDifferenceHessian} (all DOUBLE, d x d).
 *
 * @param raw             the finite-difference matrix before symmetrization; column i is the central
 *                        difference (grad f(x + h_i e_i) - grad f(x - h_i e_i)) / (2 h_i), or for a column
 *                        in {@code switchedColumns} the one-sided difference without the switch
 * @param symmetric       F = (raw + raw^T) / 2
 * @param steps           the steps h_i actually used (exactly representable: (x_i + h_i) - x_i = h_i)
 * @param asymmetry       ||raw - raw^T||_F / ||raw||_F (0 for an exact Hessian; a measure of the
 *                        finite-difference error, since the exact Jacobian of a gradient is symmetric)
 * @param skewNorm        ||(raw - raw^T) / 2||_2, the spectral norm of the skew part: a proxy for the
 *                        size of the error in F, so by Weyl's inequality eigenvalues of F with
 *                        |mu| &lt;= skewNorm are not resolved by the finite differences
 * @param gradientCalls   number of gradient evaluations (2 d + 1)
 * @param switchedColumns columns i whose stencil straddled a jump of the gradient (one-sided columns that
 *                        disagree), taken one-sided
 */
public record HessianEstimate(INDArray raw, INDArray symmetric, double[] steps, double asymmetry, double skewNorm,
                              long gradientCalls, int[] switchedColumns) {

    /** d. */
    public long dimension() {
        return symmetric.rows();
    }
}
