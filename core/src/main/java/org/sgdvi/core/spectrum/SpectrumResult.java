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
 * @param passes the number of passes over the per-example gradients (0 for a given dense matrix)
 * @param seconds wall-clock time of the solve
 */
public record SpectrumResult(String solver, long dimension, DataType dataType, double[] eigenvalues, Tail tail,
                             double[] residuals, boolean converged, int passes, double seconds) {

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
