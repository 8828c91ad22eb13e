package org.sgdvi.core.spectrum;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A symmetric d x d matrix A known only through block products Y = A V (the diffusion matrix of
 * eq. (2) streamed from gradients, a Hessian through Hessian-vector products), the operator the
 * block Lanczos of {@link MatrixFreeSolver} runs on.
 */
public interface SymmetricOperator {

    /** d. */
    long dimension();

    /** The data type of V and of A V. */
    DataType dataType();

    /** Y = A V for V [d, b]. */
    INDArray apply(INDArray v);

    /** The number of calls to {@link #apply} so far (passes over the data behind A). */
    int passes();
}
