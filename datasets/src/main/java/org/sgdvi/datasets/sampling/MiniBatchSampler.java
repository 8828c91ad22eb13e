package org.sgdvi.datasets.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.sgdvi.datasets.ImageDataset;

/**
 * Common machinery of the mini-batch samplers: a {@link DataSetIterator} over an
 * {@link ImageDataset} serving batches of exactly b examples (features [b, C*H*W], one-hot
 * labels [b, classes], float32). One epoch is floor(N / b) batches; {@link #hasNext()} is false
 * at the end of an epoch and {@link #reset()} starts the next one. A reset before any batch of
 * the current epoch has been served is a no-op, so callers that reset defensively do not skip
 * epochs. Randomness comes from {@link SplitMix64} streams seeded explicitly (never from ND4J's
 * generator) and is captured by {@link #state()}.
 */
public abstract class MiniBatchSampler implements DataSetIterator {
    private static final long serialVersionUID = 1L;
    private static final long AUGMENTATION_STREAM = 0x6A09E667F3BCC909L;

    private final ImageDataset data;
    private final int batchSize;
    private final long seed;
    private final int batchesPerEpoch;
    private final String kind;
    /** The generator of the index stream, seeded from the sampler's seed. */
    protected transient SplitMix64 rng;
    private BatchAugmentation augmentation;
    private DataSetPreProcessor preProcessor;
    private long epoch;
    private int batchInEpoch;

    /**
     * @param data      the training set
     * @param batchSize b, 1 &lt;= b &lt;= N
     * @param seed      seed of all randomness of this sampler
     * @param kind      the name stored in {@link SamplerState#sampler()}
     */
    protected MiniBatchSampler(ImageDataset data, int batchSize, long seed, String kind) {
        this.data = Objects.requireNonNull(data, "data");
        if (batchSize < 1 || batchSize > data.size()) {
            throw new IllegalArgumentException("batch size must be in [1, " + data.size() + "] for "
                    + data.name() + ", got " + batchSize);
        }
        this.batchSize = batchSize;
        this.seed = seed;
        this.batchesPerEpoch = data.size() / batchSize;
        this.kind = kind;
        this.rng = new SplitMix64(SplitMix64.mix(seed));
        // subclasses keep no field initializers, so what startEpoch sets here survives their construction
        startEpoch();
    }

    /** @return the name used in {@link SamplerState#sampler()} */
    protected final String kind() {
        return kind;
    }

    /** Prepares the current epoch (called at construction, on reset and on restore). */
    protected abstract void startEpoch();

    /**
     * Writes the indices of the next batch of the current epoch.
     *
     * @param batch      position of this batch in the epoch
     * @param out        b slots to fill with indices in [0, N)
     */
    protected abstract void drawIndices(int batch, int[] out);

    /** @return the generator state to store in {@link SamplerState#rngState()}: by default its state now */
    protected long rngStateForSave() {
        return rng.state();
    }

    /**
     * Sets the generator so that {@link #startEpoch()} and then serving batches from position
     * {@link SamplerState#batchInEpoch()} reproduces the saved sampler.
     *
     * @param rngState saved value of {@link #rngStateForSave()}
     */
    protected final void restoreRng(long rngState) {
        rng = new SplitMix64(rngState);
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return the data set sampled from */
    public ImageDataset dataset() {
        return data;
    }

    /** @return floor(N / b) */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** @return current epoch, from 0 */
    public long epoch() {
        return epoch;
    }

    /** @return batches already served in the current epoch */
    public int batchInEpoch() {
        return batchInEpoch;
    }

    /**
     * @param augmentation per-batch augmentation, or null for none
     * @return this
     */
    public MiniBatchSampler withAugmentation(BatchAugmentation augmentation) {
        this.augmentation = augmentation;
        return this;
    }

    /** @return the augmentation, or null */
    public BatchAugmentation augmentation() {
        return augmentation;
    }

    /**
     * Draws the indices of the next batch and advances the sampler exactly as {@link #next()}
     * does (without building arrays).
     *
     * @return b indices into the data set
     * @throws NoSuchElementException at the end of the epoch
     */
    public int[] nextIndices() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " of " + data.name() + " is over after "
                    + batchesPerEpoch + " batches; call reset() to start the next epoch");
        }
        int[] idx = new int[batchSize];
        drawIndices(batchInEpoch, idx);
        batchInEpoch++;
        return idx;
    }

    @Override
    public DataSet next() {
        long e = epoch;
        int j = batchInEpoch;
        int[] idx = nextIndices();
        int p = data.pixelsPerImage();
        int k = data.numClasses();
        float[] feat = new float[batchSize * p];
        float[] oneHot = new float[batchSize * k];
        for (int i = 0; i < batchSize; i++) {
            data.copyImage(idx[i], feat, i * p);
            oneHot[i * k + data.label(idx[i])] = 1f;
        }
        if (augmentation != null) {
            SplitMix64 rng = new SplitMix64(SplitMix64.mix(seed ^ AUGMENTATION_STREAM)
                    ^ SplitMix64.mix(e * 0x9E3779B97F4A7C15L + j));
            augmentation.apply(feat, batchSize, data.channels(), data.height(), data.width(), rng);
        }
        DataSet ds = ImageDataset.toDataSet(feat, oneHot, batchSize, p, k);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public boolean hasNext() {
        return batchInEpoch < batchesPerEpoch;
    }

    /** Starts the next epoch, unless no batch of the current epoch has been served yet. */
    @Override
    public void reset() {
        if (batchInEpoch == 0) {
            return;
        }
        epoch++;
        batchInEpoch = 0;
        startEpoch();
    }

    /** @return the state from which {@link #restore(SamplerState)} continues identically */
    public SamplerState state() {
        return new SamplerState(kind(), seed, data.size(), batchSize, epoch, batchInEpoch, rngStateForSave());
    }

    /**
     * Continues from a saved state; the following batches equal those the saving sampler served.
     *
     * @param s a state from {@link #state()} of a sampler of the same kind, seed, N and b
     */
    public void restore(SamplerState s) {
        if (!kind().equals(s.sampler()) || s.seed() != seed || s.datasetSize() != data.size()
                || s.batchSize() != batchSize) {
            throw new IllegalArgumentException("sampler state " + s + " does not fit this " + kind()
                    + " sampler (seed " + seed + ", N " + data.size() + ", b " + batchSize + ")");
        }
        if (s.batchInEpoch() < 0 || s.batchInEpoch() > batchesPerEpoch || s.epoch() < 0) {
            throw new IllegalArgumentException("sampler state " + s + ": batchInEpoch must be in [0, "
                    + batchesPerEpoch + "] and epoch non-negative");
        }
        epoch = s.epoch();
        restoreRng(s.rngState());
        startEpoch();
        batchInEpoch = s.batchInEpoch();
    }

    /** Always unsupported: the batch size is fixed at construction. */
    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("the batch size of " + kind() + " sampler is fixed at " + batchSize);
    }

    @Override
    public int inputColumns() {
        return data.pixelsPerImage();
    }

    @Override
    public int totalOutcomes() {
        return data.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < data.numClasses(); i++) {
            l.add(String.valueOf(i));
        }
        return l;
    }
}
