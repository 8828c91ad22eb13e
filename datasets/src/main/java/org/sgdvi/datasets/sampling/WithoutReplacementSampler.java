package org.sgdvi.datasets.sampling;

import org.sgdvi.datasets.ImageDataset;

/**
 * Mini-batches drawn WITHOUT replacement ("shuffled epochs"): each epoch draws a fresh uniformly
 * random permutation of {0, ..., N-1} (Fisher-Yates) and serves its consecutive blocks of b
 * indices, so each batch holds b distinct examples and var(grad f_B) = D'(x) (1/b)(1 - b/N)
 * (paper appendix A2, Remark 12). An epoch is floor(N / b) batches: the last N mod b entries of
 * each permutation are dropped, and since every epoch has a new permutation each example is
 * dropped with the same probability (N mod b) / N.
 */
public final class WithoutReplacementSampler extends MiniBatchSampler {
    private static final long serialVersionUID = 1L;
    /** Value of {@link SamplerState#sampler()}. */
    public static final String KIND = "without-replacement";

    private long epochStartState;
    private int[] permutation;

    /**
     * @param data      the training set
     * @param batchSize b
     * @param seed      seed
     */
    public WithoutReplacementSampler(ImageDataset data, int batchSize, long seed) {
        super(data, batchSize, seed, KIND);
    }

    @Override
    protected void startEpoch() {
        epochStartState = rng.state();
        permutation = rng.permutation(dataset().size());
    }

    @Override
    protected void drawIndices(int batch, int[] out) {
        System.arraycopy(permutation, batch * out.length, out, 0, out.length);
    }

    @Override
    protected long rngStateForSave() {
        return epochStartState;
    }

}
