package org.sgdvi.core.dynamics;

import java.util.ArrayList;
import java.util.List;

/**
 * The record of a {@link FokkerPlanckSolver2D#evolve} run: times, the free energy
 * F(t) = beta^{-1} KL(p_t || pi) against the scheme's discrete stationary state (Theorem 5 says it
 * decreases monotonically to 0), the same against the exact stationary cell probabilities
 * normalized on the grid, and bookkeeping.
 *
 * @param dt               the time step used
 * @param times            recording times
 * @param freeEnergy       beta^{-1} KL(p_t || pi_discrete)
 * @param freeEnergyExact  beta^{-1} KL(p_t || p_ss cell probabilities), NaN if not requested
 * @param finalMasses      the masses at the end
 * @param massError        the largest |sum m(t) - sum m(0)| seen at the recording times
 * @param minMass          the smallest cell mass seen at the recording times
 * @param discretizationFloor beta^{-1} KL(pi_discrete || p_ss cells): where freeEnergyExact levels off
 */
public record FokkerPlanckTrace(double dt, double[] times, double[] freeEnergy, double[] freeEnergyExact,
                                double[] finalMasses, double massError, double minMass,
                                double discretizationFloor) {

    /**
     * True when freeEnergy never increases by more than {@code slack} (absolute) between
     * consecutive recordings.
     */
    public boolean monotone(double slack) {
        for (int i = 1; i < freeEnergy.length; i++) {
            if (freeEnergy[i] > freeEnergy[i - 1] + slack) {
                return false;
            }
        }
        return true;
    }

    /** Accumulates the series. */
    static final class Builder {
        private final double dt;
        private final List<double[]> rows = new ArrayList<>();

        Builder(double dt) {
            this.dt = dt;
        }

        void record(double t, double f, double fExact) {
            rows.add(new double[] {t, f, fExact});
        }

        FokkerPlanckTrace build(double[] finalMasses, double massError, double minMass, double floor) {
            double[] t = new double[rows.size()];
            double[] f = new double[rows.size()];
            double[] fe = new double[rows.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = rows.get(i)[0];
                f[i] = rows.get(i)[1];
                fe[i] = rows.get(i)[2];
            }
            return new FokkerPlanckTrace(dt, t, f, fe, finalMasses, massError, minMass, floor);
        }
    }
}
