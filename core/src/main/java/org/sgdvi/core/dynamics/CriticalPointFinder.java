package org.sgdvi.core.dynamics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Zeros of a {@link VectorField2D} in a box [lo, hi]^2: damped Newton's method with the analytic
 * Jacobian from every node of a {@code starts x starts} grid, kept when |g| &lt;= acceptance,
 * de-duplicated within {@code mergeDistance}, and classified from the Jacobian's eigenvalues
 * ({@link Spectrum2x2#classify}).
 */
public final class CriticalPointFinder {

    private final int starts;
    private final double acceptance;
    private final double mergeDistance;
    private final double classifyTolerance;
    private final int maxIterations;

    /** Defaults: 21 x 21 starts, accept |g| &lt;= 1e-10, merge within 1e-6, classify with 1e-8. */
    public CriticalPointFinder() {
        this(21, 1e-10, 1e-6, 1e-8, 200);
    }

    public CriticalPointFinder(int starts, double acceptance, double mergeDistance,
                               double classifyTolerance, int maxIterations) {
        if (starts < 1 || acceptance <= 0 || mergeDistance <= 0 || classifyTolerance <= 0 || maxIterations < 1) {
            throw new IllegalArgumentException("CriticalPointFinder: expected starts >= 1, positive tolerances and "
                    + "maxIterations >= 1, got starts=" + starts + ", acceptance=" + acceptance + ", mergeDistance="
                    + mergeDistance + ", classifyTolerance=" + classifyTolerance + ", maxIterations=" + maxIterations);
        }
        this.starts = starts;
        this.acceptance = acceptance;
        this.mergeDistance = mergeDistance;
        this.classifyTolerance = classifyTolerance;
        this.maxIterations = maxIterations;
    }

    /**
     * All distinct zeros of {@code field} in [lo, hi]^2 reached from the start grid, sorted by
     * (x1, x2).
     */
    public List<CriticalPoint> find(VectorField2D field, double lo, double hi) {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("CriticalPointFinder: expected lo < hi, got [" + lo + ", " + hi + "]");
        }
        List<double[]> found = new ArrayList<>();
        for (int a = 0; a < starts; a++) {
            for (int b = 0; b < starts; b++) {
                double s1 = starts == 1 ? 0.5 * (lo + hi) : lo + (hi - lo) * a / (starts - 1);
                double s2 = starts == 1 ? 0.5 * (lo + hi) : lo + (hi - lo) * b / (starts - 1);
                double[] z = newton(field, s1, s2);
                if (z == null || z[0] < lo - mergeDistance || z[0] > hi + mergeDistance
                        || z[1] < lo - mergeDistance || z[1] > hi + mergeDistance) {
                    continue;
                }
                boolean duplicate = false;
                for (double[] f : found) {
                    if (Math.hypot(f[0] - z[0], f[1] - z[1]) <= mergeDistance) {
                        duplicate = true;
                        break;
                    }
                }
                if (!duplicate) {
                    found.add(z);
                }
            }
        }
        List<CriticalPoint> points = new ArrayList<>();
        double[] g = new double[2];
        double[] jac = new double[4];
        for (double[] z : found) {
            field.value(z[0], z[1], g);
            field.jacobian(z[0], z[1], jac);
            Spectrum2x2 spectrum = Spectrum2x2.of(jac);
            points.add(new CriticalPoint(z[0], z[1], spectrum.classify(classifyTolerance), spectrum,
                    Math.hypot(g[0], g[1])));
        }
        points.sort(Comparator.comparingDouble(CriticalPoint::x1).thenComparingDouble(CriticalPoint::x2));
        return points;
    }

    /** Damped Newton from (s1, s2); the converged point or null. */
    double[] newton(VectorField2D field, double s1, double s2) {
        double[] g = new double[2];
        double[] jac = new double[4];
        double x1 = s1;
        double x2 = s2;
        field.value(x1, x2, g);
        double norm = Math.hypot(g[0], g[1]);
        for (int it = 0; it < maxIterations && norm > 1e-15; it++) {
            field.jacobian(x1, x2, jac);
            double det = jac[0] * jac[3] - jac[1] * jac[2];
            if (det == 0.0 || !Double.isFinite(det)) {
                return null;
            }
            double d1 = (jac[3] * g[0] - jac[1] * g[1]) / det;
            double d2 = (-jac[2] * g[0] + jac[0] * g[1]) / det;
            double t = 1.0;
            boolean improved = false;
            double n1 = x1;
            double n2 = x2;
            double newNorm = norm;
            for (int k = 0; k < 40; k++) {
                n1 = x1 - t * d1;
                n2 = x2 - t * d2;
                field.value(n1, n2, g);
                newNorm = Math.hypot(g[0], g[1]);
                if (Double.isFinite(newNorm) && newNorm < norm) {
                    improved = true;
                    break;
                }
                t *= 0.5;
            }
            if (!improved) {
                break;
            }
            double step = t * Math.hypot(d1, d2);
            x1 = n1;
            x2 = n2;
            norm = newNorm;
            if (step <= 1e-15 * (1.0 + Math.hypot(x1, x2))) {
                break;
            }
        }
        field.value(x1, x2, g);
        norm = Math.hypot(g[0], g[1]);
        return norm <= acceptance ? new double[] {x1, x2} : null;
    }
}
