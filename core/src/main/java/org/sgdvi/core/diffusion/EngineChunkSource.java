package org.sgdvi.core.diffusion;

import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.sgdvi.core.gradients.FactoredGradients;
import org.sgdvi.core.gradients.FactoredLayout;
import org.sgdvi.core.gradients.PerExampleGradients;

/**
 * A {@link GradientChunkSource} that computes the per-example gradients g_k (eq. (2) of the paper) of each
 * mini-batch of a {@link DataSetIterator} with a {@link PerExampleGradients} engine: one chunk per
 * batch. Every pass starts by resetting the iterator, so the iterator must be dedicated to this
 * source (never the training iterator) and, for more than one pass, support reset.
 */
public final class EngineChunkSource implements GradientChunkSource {

    private final PerExampleGradients engine;
    private final DataSetIterator examples;
    private final long exampleCount;
    private int passes;

    /**
     * A source whose N only a pass can tell.
     *
     * @param engine computes the [m, d] per-example gradients of a batch
     * @param examples the example set, owned by this source
     */
    public EngineChunkSource(PerExampleGradients engine, DataSetIterator examples) {
        this(engine, examples, -1);
    }

    /**
     * @param engine computes the [m, d] per-example gradients of a batch
     * @param examples the example set, owned by this source
     * @param exampleCount N, the examples the iterator yields per pass (checked at the end of every pass), or -1 if not known
     */
    public EngineChunkSource(PerExampleGradients engine, DataSetIterator examples, long exampleCount) {
        this.engine = engine;
        this.examples = examples;
        this.exampleCount = exampleCount;
    }

    @Override
    public long exampleCount() {
        return exampleCount;
    }

    /** The passes made over the examples so far (each one computes every per-example gradient). */
    public int passes() {
        return passes;
    }

    @Override
    public long dimension() {
        return engine.dimension();
    }

    @Override
    public long chunkRowsHint() {
        int batch = examples.batch();
        return Math.max(batch, 0);
    }

    @Override
    public FactoredLayout factoredLayout() {
        return engine.factoredLayout();
    }

    @Override
    public void forEachChunk(Consumer<INDArray> consumer) {
        pass(batch -> {
            INDArray g = engine.compute(batch.getFeatures(), batch.getLabels());
            if (g.rows() != batch.getFeatures().size(0) || g.columns() != engine.dimension()) {
                throw new IllegalStateException("gradient engine returned shape " + java.util.Arrays.toString(g.shape())
                        + " for a batch of " + batch.getFeatures().size(0) + " examples; expected [m, "
                        + engine.dimension() + "]");
            }
            consumer.accept(g);
            // a chunk is only valid inside the consumer call (see GradientChunkSource): release its
            // m x d buffer now rather than when the garbage collector finds it, so that streaming
            // passes do not fill the off-heap limit and stall in JavaCPP's collect-and-retry loop
            g.close();
        });
    }

    /** One pass with each batch's gradients in the engine's {@link FactoredLayout}. */
    @Override
    public void forEachFactoredChunk(Consumer<FactoredGradients> consumer) {
        pass(batch -> {
            try (FactoredGradients g = engine.computeFactored(batch.getFeatures(), batch.getLabels())) {
                if (g.rows() != batch.getFeatures().size(0)) {
                    throw new IllegalStateException("gradient engine returned " + g.rows() + " rows for a batch of "
                            + batch.getFeatures().size(0) + " examples; expected one per example");
                }
                consumer.accept(g);
            }
        });
    }

    private void pass(Consumer<DataSet> perBatch) {
        if (examples.resetSupported()) {
            examples.reset();
        } else if (passes > 0) {
            throw new IllegalStateException("example iterator " + examples.getClass().getName()
                    + " does not support reset(), so it cannot be streamed a second time; expected a resettable iterator");
        }
        passes++;
        long rows = 0;
        while (examples.hasNext()) {
            DataSet batch = examples.next();
            perBatch.accept(batch);
            rows += batch.getFeatures().size(0);
        }
        if (exampleCount >= 0 && rows != exampleCount) {
            throw new IllegalStateException("the example iterator yielded " + rows + " examples in one pass; expected N = "
                    + exampleCount);
        }
    }
}
