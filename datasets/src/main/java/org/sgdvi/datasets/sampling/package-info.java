/**
 * Mini-batch samplers as DL4J DataSetIterators, with and without replacement (paper eq. 2 and
 * appendix A2, Remark 12), seeded by an explicit SplitMix64 generator whose state is saved and
 * restored exactly; the seeded stratified train/validation split; and {@link
 * org.sgdvi.datasets.sampling.SubsetSampler}, the uniform or stratified n-subset of a split over which
 * per-example quantities (gradients, D of eq. 2) are measured.
 */
package org.sgdvi.datasets.sampling;
