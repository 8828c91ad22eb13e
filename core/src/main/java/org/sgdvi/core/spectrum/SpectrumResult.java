package org.sgdvi.core.spectrum;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Eigenvalues of a diffusion matrix as a solver found them.
 *
 * @param solver the solver's name
 * @param dimension d
 * @param dataType the accumulation type (its epsilon sets the rank threshold)
 * @param eigenvalues the computed eigenvalues, sorted descending
 * @param tail what is known about the d - computed eigenvalues not returned
 * @param residuals for iterative solvers, ||D x_i - theta_i x_i|| of each returned Ritz pair; else empty
 * @param converged whether the solver met its own accuracy target
 * @param passes every pass made over the per-example gradients for this result: a pass to find N and gbar
 *               when one was needed, the solver's own, an explicit check's (0 for a given dense matrix)
 * @param seconds wall-clock time of the solve
 * @param reference what the solver's input says about D independently of the eigenvalues, for the
 *                  self-checks of {@link org.sgdvi.core.check.Checks#spectrum}
 */
public record SpectrumResult(String solver, long dimension, DataType dataType, double[] eigenvalues, Tail tail,
                             double[] residuals, boolean converged, int passes, double seconds, Reference reference) {

    /**
     * Quantities of D known without its eigenvalues.
     *
     * @param exampleCount N (0 for a bare dense matrix)
     * @param trace tr D, or NaN when not known
     * @param frobeniusSquared ||D||_F^2, or NaN when not known
     * @param checkedResiduals ||D x_i - theta_i x_i|| of the top Ritz pairs recomputed with an explicit product
     *                         (iterative solvers; else empty)
     * @param residualTarget the iterative solver's residual target relative to theta_1 (else NaN)
     * @param orthogonality max |X^T X - I| of the formed Ritz vectors X behind {@code checkedResiduals} (else NaN)
     * @param momentsFromNorms whether the mean and std of all d eigenvalues are to be taken from tr D and ||D||_F^2
     *                         (sum lambda = tr D, sum lambda^2 = ||D||_F^2, exact for every eigenvalue, computed or not)
     *                         rather than from the computed eigenvalues
     */
    public record Reference(long exampleCount, double trace, double frobeniusSquared, double[] checkedResiduals,
                            double residualTarget, double orthogonality, boolean momentsFromNorms) {

        /** Nothing known. */
        public static final Reference UNKNOWN = new Reference(0, Double.NaN, Double.NaN, new double[0], Double.NaN);

        /** A reference without measured orthogonality whose moments come from the eigenvalues. */
        public Reference(long exampleCount, double trace, double frobeniusSquared, double[] checkedResiduals,
                         double residualTarget) {
            this(exampleCount, trace, frobeniusSquared, checkedResiduals, residualTarget, Double.NaN, false);
        }
    }

    /** A result without a reference for the self-checks. */
    public SpectrumResult(String solver, long dimension, DataType dataType, double[] eigenvalues, Tail tail,
                          double[] residuals, boolean converged, int passes, double seconds) {
        this(solver, dimension, dataType, eigenvalues, tail, residuals, converged, passes, seconds, Reference.UNKNOWN);
    }

    /** This result with other eigenvalues (fault injection in tests of the self-checks). */
    public SpectrumResult withEigenvalues(double[] values) {
        return new SpectrumResult(solver, dimension, dataType, values, tail, residuals, converged, passes, seconds, reference);
    }

    /** N, or 0 when not known. */
    public long exampleCount() {
        return reference.exampleCount();
    }

    /** tr D, or NaN. */
    public double trace() {
        return reference.trace();
    }

    /** ||D||_F^2, or NaN. */
    public double frobeniusSquared() {
        return reference.frobeniusSquared();
    }

    /** Explicitly recomputed Ritz residuals (empty for direct solvers). */
    public double[] checkedResiduals() {
        return reference.checkedResiduals();
    }

    /** The iterative solver's residual target relative to theta_1, or NaN. */
    public double residualTarget() {
        return reference.residualTarget();
    }

    /** What is known about the eigenvalues that were not computed. */
    public enum Tail {
        /** All d eigenvalues were computed. */
        NONE,
        /** The rest are exactly zero in exact arithmetic (rank(D) <= N - 1). */
        ZERO,
        /** The rest are at most the smallest computed one, which is below the rank threshold. */
        BELOW_THRESHOLD,
        /** The rest were not reached (k_max or memory cap). */
        UNKNOWN
    }

    /** The number of computed eigenvalues. */
    public int computed() {
        return eigenvalues.length;
    }

    /** The largest eigenvalue. */
    public double lambdaMax() {
        return eigenvalues.length == 0 ? 0 : eigenvalues[0];
    }

    /** All d eigenvalues, the ones not computed taken as zero; d must fit an array. */
    public double[] fullSpectrum() {
        if (dimension > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("d = " + dimension + " is too large for one array; use the computed eigenvalues");
        }
        return Arrays.copyOf(eigenvalues, (int) dimension);
    }

    @Override
    public String toString() {
        return solver + ": " + eigenvalues.length + " of d = " + dimension + " eigenvalues, tail " + tail
                + ", passes " + passes + ", " + seconds + " s";
    }
}
