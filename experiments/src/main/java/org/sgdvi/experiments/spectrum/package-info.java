/**
 * The spectrum experiment (the paper's Figs. 1-2): training with D(x) snapshots, eigenvalues,
 * statistics beside the paper's, plots and report.
 */
package org.sgdvi.experiments.spectrum;
