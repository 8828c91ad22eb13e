/**
 * The double-well experiment of Example 19 / Fig. 4 (Chaudhari and Soatto): the study that runs
 * the critical-point search, the Euler-Maruyama sampler and the Fokker-Planck solver of
 * {@code org.sgdvi.core.dynamics} for several rotation strengths lambda, the plots (XChart) and
 * the run-folder writer behind {@code sgdvi double-well}; and the Lemma 20 linearization of a
 * trained network behind {@code sgdvi linearize} (runner, results, plots, report).
 */
package org.sgdvi.experiments.dynamics;
