/**
 * {@code sgdvi curvature}: the Hessian beside the diffusion matrix at a trained snapshot (arXiv 1710.11029, Lemma 20),
 * and what {@code sgdvi spectrum --curvature} shares with it: the options ({@link org.sgdvi.experiments.curvature.CurvatureArgs}),
 * the record ({@link org.sgdvi.experiments.curvature.CurvatureResults}) and the charts.
 */
package org.sgdvi.experiments.curvature;
