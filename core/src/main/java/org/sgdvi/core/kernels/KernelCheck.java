package org.sgdvi.core.kernels;

/**
 * One measured property of one routine at one size: it passes when {@code value <= tolerance}
 * (and the value is finite).
 *
 * @param routine the routine as LAPACK/BLAS names it, e.g. {@code dsyev('V')}
 * @param n the matrix order (rows of the square or tall input)
 * @param measure what was measured, e.g. {@code residual ||AV - VL|| / ||A||}
 * @param value the measured value
 * @param tolerance the bound it must not exceed
 */
public record KernelCheck(String routine, int n, String measure, double value, double tolerance) {

    /** Whether the value is finite and within the tolerance. */
    public boolean passed() {
        return Double.isFinite(value) && value <= tolerance;
    }

    /** One line: routine, size, measure, value against tolerance. */
    @Override
    public String toString() {
        return String.format("%s n = %d %s %.3g (tolerance %.3g)", routine, n, measure, value, tolerance);
    }
}
