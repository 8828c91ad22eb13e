package org.sgdvi.core.gradients;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layout of the R-pass over a block of b directions v_1, ..., v_b: every R-quantity R_j{u} of a
 * chunk of m examples is stacked along the example axis, row j m + k holding direction j, example k
 * ([b m, ...], C order). First-order quantities (activations, adjoints dL/da) do not depend on the
 * direction and stay [m, ...]; an element-wise product of the two is one broadcast over the rows of
 * the stack seen as [b, m * rest].
 */
final class Stacked {

    private Stacked() {
    }

    /** b, the number of directions of a stack over the examples of {@code perExample}. */
    static long directions(INDArray stacked, INDArray perExample) {
        long m = perExample.size(0);
        if (stacked.size(0) % m != 0) {
            throw new IllegalStateException("stacked R-quantity has " + stacked.size(0) + " rows; expected a multiple of "
                    + m + " examples");
        }
        return stacked.size(0) / m;
    }

    /** stacked * perExample element-wise for every direction, a new array shaped as {@code stacked}. */
    static INDArray times(INDArray stacked, INDArray perExample) {
        long b = directions(stacked, perExample);
        INDArray s = stacked.dup('c');
        s.reshape('c', b, perExample.length()).muliRowVector(perExample.dup('c').reshape('c', 1, perExample.length()));
        return s;
    }

    /** b copies of a per-example array stacked as [b m, ...]. */
    static INDArray tile(INDArray perExample, long b) {
        long[] shape = perExample.shape().clone();
        shape[0] *= b;
        return perExample.dup('c').reshape('c', 1, perExample.length()).repeat(0, b).reshape('c', shape);
    }

    /** The matrix product a b as a new C-order array (so that reshapes of it are views). */
    static INDArray product(INDArray a, INDArray b) {
        INDArray out = Nd4j.createUninitialized(a.dataType(), new long[] {a.size(0), b.size(1)}, 'c');
        Nd4j.matmul(a, b, out, false, false, false);
        return out;
    }
}
