package org.sgdvi.experiments.dynamics;

import java.util.List;

/**
 * Everything a double-well run measured; serialized as results.json.
 *
 * @param criticalPoints    zeros of grad f ("f") and of grad Phi ("phi") per lambda
 * @param wellShifts        how far the zeros of grad f moved from (+-1, 0)
 * @param bifurcationLambda e^{-1/4}: above it the minima of f merge into the origin, which becomes a
 *                          linear centre (Jacobian trace 0, determinant lambda^2 e^{1/2} - 1)
 * @param sampler           Euler-Maruyama numbers per lambda
 * @param fokkerPlanck      Fokker-Planck numbers per lambda
 * @param elapsedSeconds    wall-clock time of the study
 */
public record DoubleWellResults(List<CriticalPointEntry> criticalPoints, List<WellShift> wellShifts,
                                double bifurcationLambda, List<SamplerResult> sampler,
                                List<FokkerPlanckResult> fokkerPlanck, double elapsedSeconds) {
}
