/**
 * The sgdvi toolkit's numerical core: model zoo, training, exact per-example gradients, the
 * diffusion matrix and its spectrum, trajectories, and the theory's toy dynamics.
 *
 * <h2>"The paper"</h2>
 * Throughout the Javadoc of every module (datasets, core, experiments), "the paper" means
 * <blockquote>P. Chaudhari and S. Soatto, "Stochastic gradient descent performs variational
 * inference, converges to limit cycles for deep networks", International Conference on Learning
 * Representations (ICLR), 2018; arXiv:1710.11029.</blockquote>
 * Short citations such as "eq. (2)", "Remark 15", "Lemma 20", "Example 19", "appendix A2" or
 * "Fig. 3" use the paper's own numbering. {@code docs/theory.md} in the repository maps each
 * equation and claim of the paper that the toolkit implements to the class that computes it and
 * to the {@code sgdvi} command that shows it, and says where the toolkit goes beyond the paper.
 */
package org.sgdvi.core;
