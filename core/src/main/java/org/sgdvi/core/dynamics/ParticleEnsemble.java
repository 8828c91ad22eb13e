package org.sgdvi.core.dynamics;

import java.util.Arrays;

/**
 * N particles in the plane stored as two coordinate arrays, plus each particle's unwrapped
 * angle around the origin accumulated since the last {@link #resetWinding()} and the elapsed
 * time of that accumulation. The winding number per unit time of a particle is
 * (unwrapped angle) / (2 pi T).
 */
public final class ParticleEnsemble {

    final double[] x1;
    final double[] x2;
    final double[] winding;
    double windingTime;
    double time;

    private ParticleEnsemble(double[] x1, double[] x2) {
        this.x1 = x1;
        this.x2 = x2;
        this.winding = new double[x1.length];
    }

    /** {@code n} particles all at (x1, x2). */
    public static ParticleEnsemble at(int n, double x1, double x2) {
        if (n < 1) {
            throw new IllegalArgumentException("ParticleEnsemble: particle count must be >= 1, got " + n);
        }
        double[] a = new double[n];
        double[] b = new double[n];
        Arrays.fill(a, x1);
        Arrays.fill(b, x2);
        return new ParticleEnsemble(a, b);
    }

    /** Particles at the given coordinates (copied). */
    public static ParticleEnsemble of(double[] x1, double[] x2) {
        if (x1.length != x2.length || x1.length == 0) {
            throw new IllegalArgumentException("ParticleEnsemble: coordinate arrays must be non-empty and of equal "
                    + "length, got " + x1.length + " and " + x2.length);
        }
        return new ParticleEnsemble(x1.clone(), x2.clone());
    }

    public int size() {
        return x1.length;
    }

    public double x1(int i) {
        return x1[i];
    }

    public double x2(int i) {
        return x2[i];
    }

    /** Copy of the first coordinates. */
    public double[] x1() {
        return x1.clone();
    }

    /** Copy of the second coordinates. */
    public double[] x2() {
        return x2.clone();
    }

    /** Time elapsed since creation. */
    public double time() {
        return time;
    }

    /** Zeroes the unwrapped angles and their time (e.g. after burn-in). */
    public void resetWinding() {
        Arrays.fill(winding, 0.0);
        windingTime = 0.0;
    }

    /** Time over which the winding has been accumulated. */
    public double windingTime() {
        return windingTime;
    }

    /** Copy of each particle's unwrapped angle (radians) since the last reset. */
    public double[] unwrappedAngles() {
        return winding.clone();
    }

    /** Mean over particles of (unwrapped angle) / (2 pi T): turns per unit time. */
    public double windingRate() {
        if (windingTime <= 0) {
            throw new IllegalStateException("ParticleEnsemble: no winding accumulated yet (windingTime = 0)");
        }
        double s = 0;
        for (double w : winding) {
            s += w;
        }
        return s / winding.length / (2.0 * Math.PI * windingTime);
    }

    /** Standard error of {@link #windingRate()} over particles (particles are independent). */
    public double windingRateStandardError() {
        if (windingTime <= 0 || winding.length < 2) {
            throw new IllegalStateException("ParticleEnsemble: need >= 2 particles and windingTime > 0");
        }
        double mean = 0;
        for (double w : winding) {
            mean += w;
        }
        mean /= winding.length;
        double ss = 0;
        for (double w : winding) {
            ss += (w - mean) * (w - mean);
        }
        double sd = Math.sqrt(ss / (winding.length - 1));
        return sd / Math.sqrt(winding.length) / (2.0 * Math.PI * windingTime);
    }

    /**
     * Mean over particles of the drift's angular velocity (x1 v2 - x2 v1) / |x|^2 with
     * v = -g(x): an estimator of E[d theta / dt] that has no noise term (for isotropic noise
     * the Ito correction vanishes because the angle is harmonic).
     */
    public double meanDriftAngularVelocity(VectorField2D g) {
        double[] v = new double[2];
        double s = 0;
        int n = 0;
        for (int i = 0; i < x1.length; i++) {
            double r2 = x1[i] * x1[i] + x2[i] * x2[i];
            if (r2 == 0) {
                continue;
            }
            g.value(x1[i], x2[i], v);
            s += (-x1[i] * v[1] + x2[i] * v[0]) / r2;
            n++;
        }
        return s / n;
    }
}
