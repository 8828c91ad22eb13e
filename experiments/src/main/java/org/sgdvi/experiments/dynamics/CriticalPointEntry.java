package org.sgdvi.experiments.dynamics;

/**
 * One critical point in results.json.
 *
 * @param lambda                  rotation strength
 * @param field                   "f" for a zero of grad f, "phi" for a zero of grad Phi
 * @param x                       the point {x1, x2}
 * @param type                    linear type for x' = -grad (MINIMUM, SADDLE, ..., CENTER)
 * @param eigenvalueRealParts     real parts of the Jacobian's eigenvalues
 * @param eigenvalueImaginaryPart |imaginary part| (0 for a real pair)
 * @param residual                |grad| at the point
 */
public record CriticalPointEntry(double lambda, String field, double[] x, String type,
                                 double[] eigenvalueRealParts, double eigenvalueImaginaryPart, double residual) {
}
