package org.sgdvi.core.dynamics;

/**
 * A zero of a vector field g found by {@link CriticalPointFinder}.
 *
 * @param x1       first coordinate
 * @param x2       second coordinate
 * @param type     linear type for x' = -g
 * @param spectrum eigenvalues of the Jacobian of g at the point
 * @param residual |g(x)| at the returned point
 */
public record CriticalPoint(double x1, double x2, CriticalPointType type, Spectrum2x2 spectrum, double residual) {

    /** Euclidean distance to (y1, y2). */
    public double distanceTo(double y1, double y2) {
        return Math.hypot(x1 - y1, x2 - y2);
    }
}
