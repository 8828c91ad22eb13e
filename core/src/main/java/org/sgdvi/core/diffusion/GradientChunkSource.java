package org.sgdvi.core.diffusion;

import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.gradients.FactoredGradients;
import org.sgdvi.core.gradients.FactoredLayout;

/**
 * A re-iterable stream of per-example gradients: each pass hands over the rows g_k (eq. (2) of the paper)
 * of the N x d gradient matrix G as consecutive [m, d] chunks, in the same order every pass.
 *
 * <p>Solvers that only need products with G (the Gram and matrix-free spectrum solvers) stream the
 * chunks instead of forming the d x d diffusion matrix. A chunk is only valid inside the consumer
 * call; consumers that keep it must {@code dup()} it.
 */
public interface GradientChunkSource {

    /** d, the number of columns of every chunk. */
    long dimension();

    /**
     * Runs one full pass over the examples, calling {@code consumer} with each [m, d] chunk.
     *
     * @param consumer receives the chunks in order
     */
    void forEachChunk(Consumer<INDArray> consumer);

    /**
     * N, the number of rows of every pass, when the source knows it without making a pass; -1 when
     * only a pass can tell. A source that states N must hand over exactly N rows per pass.
     */
    default long exampleCount() {
        return -1;
    }

    /** A hint for the largest number of rows in a chunk (for memory estimates), or 0 if unknown. */
    default long chunkRowsHint() {
        return 0;
    }

    /** How {@link #forEachFactoredChunk} stores the columns; by default all as they are. */
    default FactoredLayout factoredLayout() {
        return FactoredLayout.none(dimension());
    }

    /**
     * One full pass like {@link #forEachChunk}, each chunk in {@link #factoredLayout()} (rank-one blocks
     * as their factors, see {@link FactoredGradients}); by default the rows as they are. A chunk is only
     * valid inside the consumer call.
     */
    default void forEachFactoredChunk(Consumer<FactoredGradients> consumer) {
        forEachChunk(rows -> consumer.accept(FactoredGradients.explicitOnly(rows)));
    }
}
