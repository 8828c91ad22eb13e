package org.sgdvi.core.dynamics;

import org.apache.commons.math3.special.Erf;

/**
 * The double well with limit cycles of Example 19 of the paper (its Fig. 4).
 *
 * <pre>
 *   Phi(x)    = (x1^2 - 1)^2 / 4 + x2^2 / 2
 *   J_ss(x)   = exp(-beta |x|^4 / 4) (-x2, x1)          (divergence-free: radial profile times a rotation)
 *   j(x)      = lambda exp(beta Phi(x)) J_ss(x) = lambda exp(beta e(x)) (-x2, x1),
 *               e(x) = Phi(x) - |x|^4 / 4 = 1/4 - x1^2/2 + x2^2/2 - x1^2 x2^2/2 - x2^4/4  (e &lt;= 1/2)
 *   grad f(x) = grad Phi(x) - j(x)
 *   dx        = -grad f(x) dt + sqrt(2 / beta) dW
 * </pre>
 * At beta = 1 this is exactly the paper's example, whose stationary density is exp(-Phi)/Z for
 * every lambda because div(j exp(-Phi)) = lambda div J_ss = 0. For beta != 1 the paper gives no
 * recipe; here the current is scaled with beta (J_ss carries exp(-beta |x|^4/4) and j carries
 * exp(beta Phi)) so that div(j exp(-beta Phi)) = lambda div J_ss = 0 still holds and the
 * stationary density is exp(-beta Phi)/Z(beta). With the unscaled beta = 1 field and noise
 * sqrt(2/beta), beta != 1, the stationary density is exp(-beta Phi) only when lambda = 0.
 *
 * <p>Note that j is NOT orthogonal to grad Phi here (j . grad Phi = lambda exp(beta e) x1 x2
 * (2 - x1^2)) and div j = beta j . grad Phi != 0: the example satisfies the stationarity
 * condition div(j p_ss) = 0 rather than Assumption 4 (div j = 0).
 *
 * <p>The stationary current lambda J_ss is the curl (d2 psi, -d1 psi) of the stream function
 * psi(x) = lambda (1/2) sqrt(pi/beta) erfc(sqrt(beta) |x|^2 / 2), which the finite-volume solver
 * uses to make its discrete current exactly divergence-free.
 */
public final class DoubleWell implements GibbsSolenoidalDrift {

    private final double lambda;
    private final double beta;

    /** The paper's example (beta = 1) with rotation strength {@code lambda}. */
    public DoubleWell(double lambda) {
        this(lambda, 1.0);
    }

    /**
     * The example at inverse temperature {@code beta} with the current scaled as described in
     * the class comment, so that exp(-beta Phi)/Z(beta) is stationary.
     *
     * @throws IllegalArgumentException if lambda is not finite or beta is not finite and positive
     */
    public DoubleWell(double lambda, double beta) {
        if (!Double.isFinite(lambda)) {
            throw new IllegalArgumentException("DoubleWell: lambda must be finite, got " + lambda);
        }
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("DoubleWell: beta must be finite and > 0, got " + beta);
        }
        this.lambda = lambda;
        this.beta = beta;
    }

    public double lambda() {
        return lambda;
    }

    @Override
    public double beta() {
        return beta;
    }

    /** Phi(x) = (x1^2 - 1)^2 / 4 + x2^2 / 2. */
    @Override
    public double potential(double x1, double x2) {
        double a = x1 * x1 - 1.0;
        return 0.25 * a * a + 0.5 * x2 * x2;
    }

    /** grad Phi = (x1^3 - x1, x2). */
    public void gradPhi(double x1, double x2, double[] out) {
        out[0] = x1 * (x1 * x1 - 1.0);
        out[1] = x2;
    }

    /** Hessian of Phi = diag(3 x1^2 - 1, 1), row-major. */
    public void hessianPhi(double x1, double x2, double[] out) {
        out[0] = 3.0 * x1 * x1 - 1.0;
        out[1] = 0.0;
        out[2] = 0.0;
        out[3] = 1.0;
    }

    /** J_ss(x) = exp(-beta |x|^4 / 4) (-x2, x1) (without the factor lambda). */
    public void stationaryCurrent(double x1, double x2, double[] out) {
        double r2 = x1 * x1 + x2 * x2;
        double g = Math.exp(-0.25 * beta * r2 * r2);
        out[0] = -x2 * g;
        out[1] = x1 * g;
    }

    /** psi(x) = lambda (1/2) sqrt(pi / beta) erfc(sqrt(beta) |x|^2 / 2); curl psi = lambda J_ss. */
    @Override
    public double streamFunction(double x1, double x2) {
        double r2 = x1 * x1 + x2 * x2;
        return lambda * 0.5 * Math.sqrt(Math.PI / beta) * Erf.erfc(0.5 * Math.sqrt(beta) * r2);
    }

    /** e(x) = Phi(x) - |x|^4 / 4, the exponent of the rotation's profile. */
    static double profileExponent(double x1, double x2) {
        double a = x1 * x1;
        double b = x2 * x2;
        return 0.25 - 0.5 * a + 0.5 * b - 0.5 * a * b - 0.25 * b * b;
    }

    /** j(x) = lambda exp(beta e(x)) (-x2, x1). */
    public void conservativeForce(double x1, double x2, double[] out) {
        double h = lambda * Math.exp(beta * profileExponent(x1, x2));
        out[0] = -x2 * h;
        out[1] = x1 * h;
    }

    /**
     * Analytic Jacobian of j, row-major. With H = lambda exp(beta e) and
     * grad e = (-x1 (1 + x2^2), x2 (1 - x1^2 - x2^2)):
     * dj1/dx = H (-x2 beta e_1, -x2 beta e_2 - 1), dj2/dx = H (x1 beta e_1 + 1, x1 beta e_2).
     */
    public void conservativeForceJacobian(double x1, double x2, double[] out) {
        double h = lambda * Math.exp(beta * profileExponent(x1, x2));
        double e1 = -beta * x1 * (1.0 + x2 * x2);
        double e2 = beta * x2 * (1.0 - x1 * x1 - x2 * x2);
        out[0] = -x2 * e1 * h;
        out[1] = (-x2 * e2 - 1.0) * h;
        out[2] = (x1 * e1 + 1.0) * h;
        out[3] = x1 * e2 * h;
    }

    /** grad f = grad Phi - j. */
    public void gradF(double x1, double x2, double[] out) {
        double h = lambda * Math.exp(beta * profileExponent(x1, x2));
        out[0] = x1 * (x1 * x1 - 1.0) + x2 * h;
        out[1] = x2 - x1 * h;
    }

    /** Jacobian of grad f = Hessian of Phi - Jacobian of j, row-major. */
    public void gradFJacobian(double x1, double x2, double[] out) {
        conservativeForceJacobian(x1, x2, out);
        out[0] = 3.0 * x1 * x1 - 1.0 - out[0];
        out[1] = -out[1];
        out[2] = -out[2];
        out[3] = 1.0 - out[3];
    }

    /** grad f as a {@link VectorField2D} (the drift is its negative). */
    public VectorField2D gradFField() {
        return VectorField2D.of(this::gradF, this::gradFJacobian);
    }

    /** grad Phi as a {@link VectorField2D}; its zeros are the most likely locations. */
    public VectorField2D gradPhiField() {
        return VectorField2D.of(this::gradPhi, this::hessianPhi);
    }

    @Override
    public String toString() {
        return "DoubleWell[lambda=" + lambda + ", beta=" + beta + "]";
    }
}
