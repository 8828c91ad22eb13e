package org.sgdvi.experiments.dynamics;

/**
 * Euler-Maruyama numbers for one lambda. TV is the total-variation distance between the
 * particles' histogram on a 20 x 20 grid over [-3, 3]^2 (plus an outside bin) and the exact
 * exp(-beta Phi)/Z cell probabilities; the sampling floors are the expected TV of that many
 * independent exact draws. Angular velocities are in radians per unit time, winding in turns per
 * unit time.
 *
 * @param lambda                     rotation strength
 * @param dt                         step of the main run
 * @param particles                  particles
 * @param steps                      steps of the main run
 * @param tvTimes                    times of the TV checkpoints of the main run (from the off-centre start)
 * @param tv                         TV of the instantaneous ensemble at those times
 * @param tvSamplingFloor            expected TV of {@code particles} exact draws
 * @param dtSweep                    steps of the step-size study
 * @param tvByDt                     TV of the time-averaged histogram (after burn-in) per step
 * @param tvByDtSamplingFloor        expected TV of that many independent exact draws, per step
 * @param windingRate                mean unwrapped angle / (2 pi T) after burn-in
 * @param windingRateStandardError   its standard error over particles
 * @param angularVelocityFromWinding 2 pi windingRate
 * @param angularVelocityFromDrift   mean of (x cross (-grad f)) / |x|^2 over particles and checkpoints after burn-in
 * @param angularVelocityExact       lambda pi^{3/2} beta^{-1/2} / Z(beta), the stationary value
 */
public record SamplerResult(double lambda, double dt, int particles, int steps, double[] tvTimes, double[] tv,
                            double tvSamplingFloor, double[] dtSweep, double[] tvByDt, double[] tvByDtSamplingFloor,
                            double windingRate, double windingRateStandardError, double angularVelocityFromWinding,
                            double angularVelocityFromDrift, double angularVelocityExact) {
}
