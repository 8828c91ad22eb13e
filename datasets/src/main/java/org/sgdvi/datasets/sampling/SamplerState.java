package org.sgdvi.datasets.sampling;

/**
 * Everything needed to continue a sampler exactly where it was; a plain record, serializable
 * with Jackson.
 *
 * @param sampler      "with-replacement" or "without-replacement"
 * @param seed         the sampler's seed (also seeds the per-batch augmentation streams)
 * @param datasetSize  N
 * @param batchSize    b
 * @param epoch        current epoch, from 0
 * @param batchInEpoch number of batches of the current epoch already served
 * @param rngState     SplitMix64 state: for with-replacement the current state; for
 *                     without-replacement the state at the start of the epoch, from which the
 *                     epoch's permutation is regenerated
 */
public record SamplerState(String sampler, long seed, int datasetSize, int batchSize, long epoch,
                           int batchInEpoch, long rngState) {
}
