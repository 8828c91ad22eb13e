package org.sgdvi.datasets.sampling;

import org.sgdvi.datasets.ImageDataset;

/**
 * Mini-batches drawn WITH replacement: every batch is b indices drawn i.i.d. uniformly from
 * {0, ..., N-1}, so var(grad f_B) = D(x) / b (paper eq. 2, beta^{-1} = eta / (2b)). A batch
 * contains on average N (1 - (1 - 1/N)^b) distinct examples. An "epoch" is floor(N / b)
 * batches, the same length as for {@link WithoutReplacementSampler}.
 */
public final class WithReplacementSampler extends MiniBatchSampler {
    private static final long serialVersionUID = 1L;
    /** Value of {@link SamplerState#sampler()}. */
    public static final String KIND = "with-replacement";

    /**
     * @param data      the training set
     * @param batchSize b
     * @param seed      seed
     */
    public WithReplacementSampler(ImageDataset data, int batchSize, long seed) {
        super(data, batchSize, seed, KIND);
    }

    @Override
    protected void startEpoch() {
        // the stream simply continues across epochs
    }

    @Override
    protected void drawIndices(int batch, int[] out) {
        int n = dataset().size();
        for (int i = 0; i < out.length; i++) {
            out[i] = rng.nextInt(n);
        }
    }

}
