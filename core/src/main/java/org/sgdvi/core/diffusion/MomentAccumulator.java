package org.sgdvi.core.diffusion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Streaming first and second moments of per-example gradients, merged chunk by chunk with Chan,
 * Golub and LeVeque's pairwise update (the block form of Welford's algorithm).
 *
 * <p>For the rows seen so far (count n_A, mean mu_A, centred scatter M_A = sum (g - mu_A)(g - mu_A)^T)
 * and a new chunk B (n_B rows, mean mu_B, scatter M_B), with delta = mu_B - mu_A and n = n_A + n_B:
 * <pre>
 *   mu = mu_A + delta n_B / n
 *   M  = M_A + M_B + delta delta^T n_A n_B / n
 * </pre>
 * Both scatter terms go through ONE backend GEMM, M += Z^T Z with Z = [G_B - 1 mu_B^T ; sqrt(n_A n_B / n) delta^T],
 * so the accumulation runs on whatever device ND4J's backend uses. Centring each chunk before the
 * product avoids the cancellation of sum g g^T - N gbar gbar^T in float32. Then
 * D = M / N (with replacement, the paper's eq. (2)) or M / (N - 1) (without, its appendix A2).
 */
public final class MomentAccumulator {

    private final DataType dtype;
    private final long dimension;
    private final boolean secondMoment;
    private final ScatterUpdate update;
    private boolean lowerPending;
    private long count;
    private INDArray mean;
    private INDArray scatter;

    /**
     * @param dimension d
     * @param dtype the accumulation type, FLOAT or DOUBLE; chunks are cast to it
     * @param secondMoment whether to accumulate the d x d scatter matrix (false: the mean only)
     */
    public MomentAccumulator(long dimension, DataType dtype, boolean secondMoment) {
        this(dimension, dtype, secondMoment, ScatterUpdate.best());
    }

    /**
     * @param dimension d
     * @param dtype the accumulation type, FLOAT or DOUBLE; chunks are cast to it
     * @param secondMoment whether to accumulate the d x d scatter matrix (false: the mean only)
     * @param update how M += Z^T Z is computed (GEMM on any backend, SYRK on the CPU)
     */
    public MomentAccumulator(long dimension, DataType dtype, boolean secondMoment, ScatterUpdate update) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("accumulation data type " + dtype + " is not supported; expected FLOAT or DOUBLE");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension d = " + dimension + ", expected at least 1");
        }
        this.dtype = dtype;
        this.dimension = dimension;
        this.secondMoment = secondMoment;
        this.update = update;
        this.mean = Nd4j.zeros(dtype, dimension);
        this.scatter = secondMoment ? Nd4j.zeros(dtype, dimension, dimension) : null;
    }

    /** Merges the rows of an [m, d] chunk. */
    public void add(INDArray chunk) {
        if (chunk.rank() != 2 || chunk.columns() != dimension) {
            throw new IllegalArgumentException("gradient chunk has shape " + java.util.Arrays.toString(chunk.shape())
                    + ", expected [m, " + dimension + "]");
        }
        long m = chunk.rows();
        if (m == 0) {
            return;
        }
        INDArray g = chunk.dataType() == dtype ? chunk : chunk.castTo(dtype);
        INDArray chunkMean = g.mean(0).reshape(dimension);
        long n = count + m;
        if (count == 0) {
            mean.assign(chunkMean);
            if (secondMoment) {
                INDArray centred = g.subRowVector(chunkMean);
                INDArray operand = centred.isView() || centred.ordering() != 'c' ? centred.dup('c') : centred;
                scatterUpdate(operand);
                // chunk-sized temporaries are released now, not when the garbage collector finds them
                operand.close();
                if (operand != centred) {
                    centred.close();
                }
            }
        } else {
            INDArray delta = chunkMean.sub(mean);
            if (secondMoment) {
                INDArray z = Nd4j.create(dtype, m + 1, dimension);
                INDArray centred = g.subRowVector(chunkMean);
                z.get(NDArrayIndex.interval(0, m), NDArrayIndex.all()).assign(centred);
                centred.close();
                double weight = Math.sqrt((double) count * m / n);
                z.getRow(m).assign(delta.mul(weight));
                scatterUpdate(z);
                z.close();
            }
            mean.addi(delta.muli((double) m / n));
        }
        count = n;
        if (g != chunk) {
            g.close();
        }
    }

    private void scatterUpdate(INDArray z) {
        update.apply(z, scatter);
        lowerPending = update == ScatterUpdate.SYRK;
    }

    /** Merges every chunk of one pass over {@code source}. */
    public MomentAccumulator addAll(GradientChunkSource source) {
        source.forEachChunk(this::add);
        return this;
    }

    /** The number of rows merged so far, N. */
    public long count() {
        return count;
    }

    /** The mean of the rows, gbar (the full gradient when the rows are all N examples). */
    public INDArray mean() {
        return mean;
    }

    /** The centred scatter matrix M = sum_k (g_k - gbar)(g_k - gbar)^T (the live accumulator). */
    public INDArray scatter() {
        if (!secondMoment) {
            throw new IllegalStateException("this accumulator was built for the mean only; expected secondMoment = true");
        }
        if (lowerPending) {
            ScatterUpdate.completeLowerTriangle(scatter);
            lowerPending = false;
        }
        return scatter;
    }

    /** The accumulation data type. */
    public DataType dataType() {
        return dtype;
    }

    /** d. */
    public long dimension() {
        return dimension;
    }
}
