package org.sgdvi.core.dynamics;

/**
 * A smooth vector field g: R^2 -> R^2 with its Jacobian, e.g. the drift grad f of Example 19
 * or grad Phi. Critical points are the zeros of g; the dynamics of interest is x' = -g(x).
 */
public interface VectorField2D {

    /** Writes g(x1, x2) into {@code out[0..1]}. */
    void value(double x1, double x2, double[] out);

    /**
     * Writes the Jacobian dg_i/dx_k into {@code out[0..3]} in row-major order
     * (out[2 i + k] = dg_i / dx_k).
     */
    void jacobian(double x1, double x2, double[] out);

    /** A function R^2 -> R^n written into an array: the value or the Jacobian of a field. */
    @FunctionalInterface
    interface Evaluation {
        /** Writes the result at (x1, x2) into {@code out}. */
        void at(double x1, double x2, double[] out);
    }

    /** The field whose value and Jacobian {@code value} and {@code jacobian} compute. */
    static VectorField2D of(Evaluation value, Evaluation jacobian) {
        return new VectorField2D() {
            @Override
            public void value(double x1, double x2, double[] out) {
                value.at(x1, x2, out);
            }

            @Override
            public void jacobian(double x1, double x2, double[] out) {
                jacobian.at(x1, x2, out);
            }
        };
    }
}
