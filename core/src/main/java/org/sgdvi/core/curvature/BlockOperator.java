package org.sgdvi.core.curvature;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.spectrum.SymmetricOperator;

/**
 * The diagonal block A_ll of a symmetric operator A for the coordinates [start, end) (one layer's weights, of the
 * Hessian H or of the diffusion matrix D of eq. 2 of arXiv 1710.11029): A_ll v = (A [0; v; 0]) restricted to the
 * block, one full product per call.
 */
public final class BlockOperator implements SymmetricOperator {

    private final SymmetricOperator whole;
    private final long start;
    private final long end;
    private int passes;

    /** The block [start, end) of {@code whole}. */
    public BlockOperator(SymmetricOperator whole, long start, long end) {
        if (start < 0 || end > whole.dimension() || start >= end) {
            throw new IllegalArgumentException("block [" + start + ", " + end + ") of an operator of dimension "
                    + whole.dimension() + ": expected 0 <= start < end <= d");
        }
        this.whole = whole;
        this.start = start;
        this.end = end;
    }

    @Override
    public long dimension() {
        return end - start;
    }

    @Override
    public DataType dataType() {
        return whole.dataType();
    }

    @Override
    public INDArray apply(INDArray v) {
        passes++;
        INDArray padded = Nd4j.zeros(whole.dataType(), whole.dimension(), v.columns());
        padded.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).assign(v);
        return whole.apply(padded).get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).dup();
    }

    @Override
    public int passes() {
        return passes;
    }
}
