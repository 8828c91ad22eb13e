package org.sgdvi.core.dynamics;

/**
 * Eigenvalues of a real 2x2 matrix A, from trace T and determinant D:
 * mu = T/2 +- sqrt(T^2/4 - D). {@code re1 <= re2} for a real pair; for a complex pair
 * re1 = re2 = T/2 and im = +-imaginary part (im &gt;= 0 stored).
 *
 * @param re1 real part of the first eigenvalue
 * @param re2 real part of the second eigenvalue
 * @param im  imaginary part magnitude (0 for a real pair)
 */
public record Spectrum2x2(double re1, double re2, double im) {

    /** Spectrum of the row-major 2x2 matrix {@code a}. */
    public static Spectrum2x2 of(double[] a) {
        double t = a[0] + a[3];
        double d = a[0] * a[3] - a[1] * a[2];
        double half = 0.5 * t;
        double disc = half * half - d;
        if (disc >= 0) {
            double s = Math.sqrt(disc);
            // stable formula: the larger-magnitude root first, the other from the determinant
            double big = half + Math.copySign(s, half);
            double small = big == 0.0 ? 0.0 : d / big;
            return new Spectrum2x2(Math.min(big, small), Math.max(big, small), 0.0);
        }
        return new Spectrum2x2(half, half, Math.sqrt(-disc));
    }

    public boolean complex() {
        return im > 0;
    }

    /**
     * Classification for x' = -g, treating |value| &lt;= tol * scale as zero, where scale is the
     * largest eigenvalue modulus (or 1 if that is below 1).
     */
    public CriticalPointType classify(double tol) {
        double scale = Math.max(1.0, Math.max(Math.hypot(re1, im), Math.hypot(re2, im)));
        double eps = tol * scale;
        if (complex() && im > eps) {
            if (Math.abs(re1) <= eps) {
                return CriticalPointType.CENTER;
            }
            return re1 > 0 ? CriticalPointType.STABLE_FOCUS : CriticalPointType.UNSTABLE_FOCUS;
        }
        if (Math.abs(re1) <= eps || Math.abs(re2) <= eps) {
            return CriticalPointType.DEGENERATE;
        }
        if (re1 > 0) {
            return CriticalPointType.MINIMUM;
        }
        if (re2 < 0) {
            return CriticalPointType.MAXIMUM;
        }
        return CriticalPointType.SADDLE;
    }
}
