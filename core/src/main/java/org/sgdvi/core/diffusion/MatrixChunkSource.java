package org.sgdvi.core.diffusion;

import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A {@link GradientChunkSource} over a gradient matrix G [N, d] held in memory, handed out as row
 * blocks of at most {@code chunkRows} rows (views, not copies).
 */
public final class MatrixChunkSource implements GradientChunkSource {

    private final INDArray gradients;
    private final long chunkRows;

    /**
     * @param gradients the per-example gradients, one example per row, [N, d]
     * @param chunkRows the largest chunk, at least 1
     */
    public MatrixChunkSource(INDArray gradients, long chunkRows) {
        if (gradients.rank() != 2) {
            throw new IllegalArgumentException("gradient matrix has shape " + java.util.Arrays.toString(gradients.shape())
                    + ", expected [N, d]");
        }
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunkRows = " + chunkRows + ", expected at least 1");
        }
        this.gradients = gradients;
        this.chunkRows = chunkRows;
    }

    /** The number of examples N. */
    @Override
    public long exampleCount() {
        return gradients.rows();
    }

    @Override
    public long dimension() {
        return gradients.columns();
    }

    @Override
    public long chunkRowsHint() {
        return Math.min(chunkRows, gradients.rows());
    }

    @Override
    public void forEachChunk(Consumer<INDArray> consumer) {
        long n = gradients.rows();
        for (long start = 0; start < n; start += chunkRows) {
            long end = Math.min(n, start + chunkRows);
            consumer.accept(gradients.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()));
        }
    }
}
