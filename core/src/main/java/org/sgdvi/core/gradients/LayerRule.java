package org.sgdvi.core.gradients;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of the inference-mode network, y = h(a; w), with the two maps that back-propagation
 * needs for every example k of a chunk separately:
 * <ul>
 *   <li>the weight gradient dL_k/dw = (dy/dw)^T dL_k/dy (written into the example's row), and</li>
 *   <li>the input error dL_k/da = (dy/da)^T dL_k/dy.</li>
 * </ul>
 * A rule is stateful within one chunk: {@link #backward} uses what {@link #forward} cached.
 */
interface LayerRule {

    /**
     * The inference-mode output for a chunk of examples; caches what {@link #backward} needs.
     *
     * @param input [m, ...] in the engine's data type
     */
    INDArray forward(INDArray input);

    /**
     * Back-propagates per-example errors through this step.
     *
     * @param outputError dL_k/dy for every example k, same shape as the last output
     * @param gradients where to write this step's per-example weight gradients
     * @param needInputError whether the caller needs dL_k/da (false below the first trainable step)
     * @return dL_k/da, [m, ...] as the last input, or {@code null} if not needed
     */
    INDArray backward(INDArray outputError, GradientBlocks gradients, boolean needInputError);

    /** The DL4J parameter keys whose per-example gradients this step writes (empty if none). */
    List<String> trainableParams();

    /** Drops the arrays cached by the last {@link #forward}. */
    void release();
}
