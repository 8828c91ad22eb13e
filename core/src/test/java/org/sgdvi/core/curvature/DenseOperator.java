package org.sgdvi.core.curvature;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.spectrum.SymmetricOperator;

/** A formed symmetric DOUBLE matrix as a {@link SymmetricOperator}, counting its products. */
final class DenseOperator implements SymmetricOperator {

    private final INDArray a;
    private int passes;

    DenseOperator(INDArray a) {
        this.a = a;
    }

    @Override
    public long dimension() {
        return a.rows();
    }

    @Override
    public DataType dataType() {
        return DataType.DOUBLE;
    }

    @Override
    public INDArray apply(INDArray v) {
        passes++;
        return a.mmul(v);
    }

    @Override
    public int passes() {
        return passes;
    }
}
