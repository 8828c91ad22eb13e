/**
 * Dense linear algebra shared by the spectrum solvers and the linearization:
 * {@link org.sgdvi.core.linalg.SymmetricEigen}, the one route to symmetric eigenproblems (LAPACK syev),
 * symmetrization (A + A^T) / 2 and QR orthonormalization (LAPACK geqrf).
 */
package org.sgdvi.core.linalg;
