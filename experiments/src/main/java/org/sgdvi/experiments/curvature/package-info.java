/** {@code sgdvi curvature}: the Hessian beside the diffusion matrix at a trained snapshot (arXiv 1710.11029, Lemma 20). */
package org.sgdvi.experiments.curvature;
