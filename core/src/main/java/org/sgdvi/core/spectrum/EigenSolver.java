package org.sgdvi.core.spectrum;

/**
 * Computes the eigenvalues of a diffusion matrix D (the paper's eq. (2) and Figs. 1-2), given either as the
 * dense d x d matrix or as streamed per-example gradients (see {@link SpectrumInput}).
 *
 * <p>Contract shared by every implementation: eigenvalues are returned sorted descending; the result
 * says how many were computed and what is known about the d - computed not returned (exactly zero,
 * below numpy's rank threshold, or unknown).
 */
public interface EigenSolver {

    /** The solver's name as accepted by {@code --solver} (dense, gram, matrix-free). */
    String name();

    /** The spectrum of the input's diffusion matrix. */
    SpectrumResult solve(SpectrumInput input);
}
