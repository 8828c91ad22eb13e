/**
 * Mini-batch samplers as DL4J DataSetIterators, with and without replacement (paper eq. 2 and
 * appendix A2, Remark 12), seeded by an explicit SplitMix64 generator whose state is saved and
 * restored exactly; plus the seeded stratified train/validation split.
 */
package org.sgdvi.datasets.sampling;
