/**
 * Transforms of whole data sets (area down-sampling, class subsets, global contrast
 * normalization, ZCA whitening fitted on the training split) and the per-batch CIFAR
 * augmentation (flip, pad, crop) used by the samplers.
 */
package org.sgdvi.datasets.transform;
