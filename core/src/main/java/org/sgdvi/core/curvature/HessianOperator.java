package org.sgdvi.core.curvature;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.gradients.HessianVectorProducts;
import org.sgdvi.core.spectrum.SymmetricOperator;

/**
 * s H as a {@link SymmetricOperator} (s = +1 or -1: the most negative eigenvalues of H are the top ones of -H),
 * H the Hessian of f = (1/N) sum_k f_k over fixed examples, by exact Hessian-vector products.
 */
public final class HessianOperator implements SymmetricOperator {

    private final HessianVectorProducts products;
    private final INDArray features;
    private final INDArray labels;
    private final double sign;
    private int passes;

    /**
     * @param products the exact products
     * @param features the N examples' inputs
     * @param labels their one-hot labels
     * @param sign +1 for H, -1 for -H
     */
    public HessianOperator(HessianVectorProducts products, INDArray features, INDArray labels, double sign) {
        this.products = products;
        this.features = features;
        this.labels = labels;
        this.sign = sign;
    }

    /** The same products with the opposite sign (sharing the pass count of neither). */
    public HessianOperator negated() {
        return new HessianOperator(products, features, labels, -sign);
    }

    @Override
    public long dimension() {
        return products.dimension();
    }

    @Override
    public DataType dataType() {
        return products.dataType();
    }

    @Override
    public INDArray apply(INDArray v) {
        passes++;
        INDArray y = products.apply(features, labels, v).products();
        return sign == 1 ? y : y.muli(sign);
    }

    @Override
    public int passes() {
        return passes;
    }
}
