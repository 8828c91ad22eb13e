package org.sgdvi.experiments.dynamics;

/**
 * How far the zeros of grad f have moved from the minima (+-1, 0) of Phi.
 *
 * @param lambda             rotation strength
 * @param zerosOfGradF       number of zeros of grad f in [-2, 2]^2
 * @param shiftFromWell      distance from (1, 0) to the nearest zero of grad f (by symmetry the same for (-1, 0))
 */
public record WellShift(double lambda, int zerosOfGradF, double shiftFromWell) {
}
