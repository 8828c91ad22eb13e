package org.sgdvi.core.gradients;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The last step of the network: prediction p_k = sigma(z_k) and per-example loss L_k = loss(y_k, p_k).
 * Back-propagation starts here from the labels with dL_k/dz_k (for softmax with cross-entropy,
 * p_k - y_k), for each example on its own, not divided by the number of examples.
 */
interface OutputRule {

    /** The inference-mode prediction for a chunk; caches what {@link #backward} needs. */
    INDArray forward(INDArray input);

    /**
     * Per-example weight gradients of L_k and, if asked, the input errors dL_k/da.
     *
     * @param labels [m, classes] in the engine's data type
     */
    INDArray backward(INDArray labels, GradientBlocks gradients, boolean needInputError);

    /** sum_k L_k over the chunk of the last {@link #forward}, the per-example losses of the loss function alone. */
    double lossSum(INDArray labels);

    /** The DL4J parameter keys whose per-example gradients this step writes. */
    List<String> trainableParams();

    /** Drops the arrays cached by the last {@link #forward}. */
    void release();
}
