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

    /** As {@link LayerRule#outerProductParams()}. */
    default List<String> outerProductParams() {
        return List.of();
    }

    /** The DL4J parameter keys whose per-example gradients this step writes. */
    List<String> trainableParams();

    /** Drops the arrays cached by the last {@link #forward}. */
    void release();

    /** Forward R-pass of the prediction's pre-activation, as {@link LayerRule#forwardR}. */
    default INDArray forwardR(INDArray rInput, GradientBlocks direction) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no R-operator");
    }

    /**
     * The summed backward pass and its R-pass from the labels, as {@link LayerRule#backwardR}; the
     * loss's own curvature enters as R{dL/dz} = H_L R{z} (for softmax with cross-entropy
     * H_L = diag(p) - p p^T). {@code gaussNewton}: drop every term with dL/dz (the generalized
     * Gauss-Newton product J^T H_L J v).
     */
    default INDArray[] backwardR(INDArray labels, GradientBlocks direction, GradientBlocks gradient,
                                 GradientBlocks rGradient, boolean needInputError, boolean gaussNewton) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no R-operator");
    }
}
