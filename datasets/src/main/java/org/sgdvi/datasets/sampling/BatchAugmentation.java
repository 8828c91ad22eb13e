package org.sgdvi.datasets.sampling;

/**
 * A random transform applied in place to each mini-batch a sampler serves (e.g. flips and
 * crops). The sampler passes a generator seeded from (sampler seed, epoch, batch index), so
 * the augmentation of a batch is reproducible and restoring a {@link SamplerState} reproduces
 * it too.
 */
@FunctionalInterface
public interface BatchAugmentation {
    /**
     * @param batch    n images, n x C x H x W row-major, modified in place
     * @param n        number of images
     * @param channels C
     * @param height   H
     * @param width    W
     * @param rng      the batch's generator
     */
    void apply(float[] batch, int n, int channels, int height, int width, SplitMix64 rng);

    /** @return a human-readable description for provenance */
    default String describe() {
        return getClass().getSimpleName();
    }
}
