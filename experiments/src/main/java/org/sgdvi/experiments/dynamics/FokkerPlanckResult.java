package org.sgdvi.experiments.dynamics;

/**
 * Fokker-Planck numbers for one lambda (Theorem 5).
 *
 * @param lambda                 rotation strength
 * @param cells                  cells per axis
 * @param box                    half-width of the box [-box, box]^2
 * @param dt                     explicit time step
 * @param massError              largest |mass(t) - mass(0)| over all steps
 * @param minMass                smallest cell mass seen (positivity)
 * @param monotone               F(t) never increased by more than 1e-14 between consecutive steps
 * @param largestIncrease        the largest step-to-step increase of F (&lt;= 0 when strictly decreasing)
 * @param times                  recording times (thinned)
 * @param freeEnergy             F(t) = beta^{-1} KL(p_t || pi) against the scheme's discrete stationary state
 * @param freeEnergyExact        beta^{-1} KL(p_t || exp(-beta Phi) cell probabilities normalized on the grid)
 * @param discretizationFloor    beta^{-1} KL(pi || exact cells): where freeEnergyExact levels off
 * @param boundaryStreamFunction largest |psi| on the box boundary (the domain truncation)
 * @param finalFreeEnergy        F at the end
 * @param finalMass              the sum of the cell masses at the end (1 for a density)
 * @param steps                  explicit time steps taken
 */
public record FokkerPlanckResult(double lambda, int cells, double box, double dt, double massError, double minMass,
                                 boolean monotone, double largestIncrease, double[] times, double[] freeEnergy,
                                 double[] freeEnergyExact, double discretizationFloor, double boundaryStreamFunction,
                                 double finalFreeEnergy, double finalMass, long steps) {
}
