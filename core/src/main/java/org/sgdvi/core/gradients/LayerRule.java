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

    /**
     * The parameters among {@link #trainableParams()} whose per-example gradient the step writes with
     * {@link GradientBlocks#outer} (a rank-one outer product per example, which a {@link FactoredLayout}
     * may keep as its two factors).
     */
    default List<String> outerProductParams() {
        return List.of();
    }

    /** Drops the arrays cached by the last {@link #forward}. */
    void release();

    /**
     * Per example, the length of the widest intermediate array of the last {@link #forward} beyond its
     * input and output (a convolution's receptive fields), 0 if none: sizes the stacked R-passes.
     */
    default long workWidth() {
        return 0;
    }

    /**
     * {@link #backwardR} of a step without weights whose input error dL/da = A(a) e is linear in e
     * with A locally constant in a (reshapes, pooling routes): {A e, A R{e}}, both by {@link #backward}.
     */
    static INDArray[] routeBoth(LayerRule rule, INDArray outputError, INDArray rOutputError, boolean needInputError) {
        if (!needInputError) {
            return null;
        }
        return new INDArray[] {outputError == null ? null : rule.backward(outputError, null, true),
            rule.backward(rOutputError, null, true)};
    }

    /**
     * Forward R-pass (Pearlmutter's R-operator, R{.} = d/dt at t = 0 along w + t v): R{y} from
     * R{a} and the direction v, at the inputs of the last {@link #forward}; caches what
     * {@link #backwardR} needs.
     *
     * @param rInput R{a} of b directions stacked as in {@link Stacked}: [b m, ...] for the m examples of the last input
     * @param direction the b directions v_j as rows in layout order, [b, d]
     */
    default INDArray forwardR(INDArray rInput, GradientBlocks direction) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no R-operator");
    }

    /**
     * The backward pass summed over the chunk's examples together with its R-pass: with e = dL/dy
     * ([m, ...]) and R{e} (b directions stacked, [b m, ...]), adds sum_k dL_k/dw to {@code gradient}
     * (one row) and sum_k R_j{dL_k/dw} to row j of {@code rGradient} ([b, d]), and returns {dL/da, R{dL/da}}. With {@code outputError} null (e = 0) the second-order terms
     * vanish and the pass is the Gauss-Newton product J^T R{e}.
     *
     * @param gradient where to add the summed weight gradient, or null
     */
    default INDArray[] backwardR(INDArray outputError, INDArray rOutputError, GradientBlocks direction,
                                 GradientBlocks gradient, GradientBlocks rGradient, boolean needInputError) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no R-operator");
    }
}
