package org.sgdvi.core.gradients;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.models.TrainableLayout;

/**
 * The rows of one chunk of the [M, d] per-example gradient matrix, seen per parameter: the block of
 * columns of parameter (layer, param) in {@link TrainableLayout} order, reshaped (as a view, never a
 * copy) to [m, shape of the parameter], so that C-order flattening of the parameter matches the
 * column order.
 */
final class GradientBlocks {

    private final INDArray rows;
    private final Map<String, TrainableLayout.Entry> byVariable;
    /** Per factored variable, its left [m, p] and right [m, q] rows; empty when every block is written out. */
    private final Map<String, INDArray[]> factors;

    /**
     * @param rows [m, d], C order with unit stride along the columns (a row range of the result)
     * @param byVariable layout entries keyed by {@link TrainableLayout.Entry#variable()}
     */
    GradientBlocks(INDArray rows, Map<String, TrainableLayout.Entry> byVariable) {
        this(rows, byVariable, Map.of());
    }

    /**
     * Rows in a {@link FactoredLayout}: {@code rows} holds the explicit columns ({@code byVariable} gives
     * their offsets there) and the outer-product blocks go to {@code factors} (variable to {left [m, p],
     * right [m, q]}, row ranges of the result's factors).
     */
    GradientBlocks(INDArray rows, Map<String, TrainableLayout.Entry> byVariable, Map<String, INDArray[]> factors) {
        this.rows = rows;
        this.byVariable = byVariable;
        this.factors = factors;
    }

    /**
     * Writes the per-example outer products dL_k/dW = a_k^T delta_k of the dense weight {@code param} of
     * layer {@code layerIndex} ([p, q], C-order flattened): into its block of columns, or, when the
     * parameter is stored factored, a and delta themselves as its factors.
     *
     * @param a [m, p]
     * @param delta [m, q]
     */
    void outer(int layerIndex, String param, INDArray a, INDArray delta) {
        INDArray[] f = factors.get(layerIndex + "_" + param);
        if (f != null) {
            f[0].assign(a);
            f[1].assign(delta);
            return;
        }
        long m = a.size(0);
        long p = a.size(1);
        long q = delta.size(1);
        Nd4j.exec(new MulOp(a.reshape('c', m, p, 1), delta.reshape('c', m, 1, q), block(layerIndex, param, p, q)));
    }

    /** m, the number of examples in the chunk. */
    long examples() {
        return rows.size(0);
    }

    /**
     * The writable block of parameter {@code param} of layer {@code layerIndex}, as a view of shape
     * [m, perExampleShape...] whose product must equal the parameter's length.
     */
    INDArray block(int layerIndex, String param, long... perExampleShape) {
        TrainableLayout.Entry e = byVariable.get(layerIndex + "_" + param);
        if (e == null) {
            throw new IllegalStateException("layer " + layerIndex + " has no trainable parameter '" + param
                    + "' in the layout; expected one of " + byVariable.keySet());
        }
        long n = 1;
        for (long s : perExampleShape) {
            n *= s;
        }
        if (n != e.length()) {
            throw new IllegalStateException("parameter " + e + " has " + e.length()
                    + " elements, but the rule writes " + n);
        }
        INDArray cols = rows.get(NDArrayIndex.all(), NDArrayIndex.interval(e.offset(), e.offset() + e.length()));
        long[] shape = new long[perExampleShape.length + 1];
        shape[0] = rows.size(0);
        System.arraycopy(perExampleShape, 0, shape, 1, perExampleShape.length);
        return cols.reshape('c', true, shape);
    }

    /**
     * For a single row (a weight-space vector such as a direction v or a summed gradient): the view of
     * parameter {@code param} of layer {@code layerIndex} with the parameter's own shape, writable in place.
     */
    INDArray parameter(int layerIndex, String param, long... shape) {
        if (rows.size(0) != 1) {
            throw new IllegalStateException("parameter views need a single row; this block has " + rows.size(0));
        }
        return block(layerIndex, param, shape).reshape('c', shape);
    }
}
