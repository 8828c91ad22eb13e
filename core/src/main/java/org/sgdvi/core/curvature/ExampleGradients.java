package org.sgdvi.core.curvature;

import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.diffusion.GradientChunkSource;
import org.sgdvi.core.gradients.InferenceGradientEngine;

/** The per-example gradients g_k of fixed examples in inference mode, recomputed chunk by chunk at every pass. */
final class ExampleGradients implements GradientChunkSource {

    private final InferenceGradientEngine engine;
    private final INDArray features;
    private final INDArray labels;
    private final int chunk;

    ExampleGradients(InferenceGradientEngine engine, INDArray features, INDArray labels, int chunk) {
        this.engine = engine;
        this.features = features;
        this.labels = labels;
        this.chunk = chunk;
    }

    @Override
    public long dimension() {
        return engine.dimension();
    }

    @Override
    public long chunkRowsHint() {
        return Math.min(chunk, features.size(0));
    }

    @Override
    public void forEachChunk(Consumer<INDArray> consumer) {
        long n = features.size(0);
        for (long start = 0; start < n; start += chunk) {
            long end = Math.min(n, start + chunk);
            INDArray g = engine.compute(InferenceGradientEngine.slice(features, start, end),
                    InferenceGradientEngine.slice(labels, start, end));
            consumer.accept(g);
            g.close();
        }
    }
}
