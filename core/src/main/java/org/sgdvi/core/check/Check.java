package org.sgdvi.core.check;

/**
 * One self-check of a numerical result: a non-negative discrepancy {@code value} (an error that is
 * zero in exact arithmetic, or the excess over a bound) against the {@code tolerance} that rounding
 * alone can explain. The rules that set each tolerance are stated in {@link Checks}.
 *
 * @param name      a camelCase name, unique within one result (e.g. {@code lyapunovResidual})
 * @param value     the measured discrepancy; NaN never passes
 * @param tolerance the largest value rounding explains
 * @param passed    {@code value <= tolerance}
 * @param rule      how the tolerance was derived, in one line (for results.json readers)
 *
 * <p>Jackson writes it as {@code {name, value, tolerance, passed, rule}}; a non-finite value or
 * tolerance is written as the string {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}.
 */
public record Check(String name, double value, double tolerance, boolean passed, String rule) {

    /** A check that passes when {@code value <= tolerance} (NaN fails). */
    public static Check atMost(String name, double value, double tolerance, String rule) {
        return new Check(name, value, tolerance, value <= tolerance, rule);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s = %.3g (tolerance %.3g)", name, value, tolerance);
    }
}
