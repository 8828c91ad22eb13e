package org.sgdvi.core.dynamics;

/**
 * A drift split as in the paper's eq. (8) for D = I:
 * -grad f = -grad Phi + j with j exp(-beta Phi) = curl psi = (d2 psi, -d1 psi),
 * so that the Fokker-Planck equation dp/dt = div(grad f p + beta^{-1} grad p) has the stationary
 * density exp(-beta Phi)/Z and the stationary probability current curl psi (divergence-free by
 * construction). {@link FokkerPlanckSolver2D} discretizes exactly this structure.
 */
public interface GibbsSolenoidalDrift {

    /** The inverse temperature beta of the noise sqrt(2/beta) dW. */
    double beta();

    /** The potential Phi. */
    double potential(double x1, double x2);

    /** The stream function psi of the stationary current j exp(-beta Phi). */
    double streamFunction(double x1, double x2);
}
