package org.sgdvi.core.gradients;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A step without trainable weights whose backward map needs only the last forward input a
 * (activations, pooling, the loss layer): it writes no weight gradients, and {@link #release}
 * drops the cached a.
 */
abstract class ParameterFreeRule implements LayerRule {

    /** The input of the last {@link #forward}, or {@code null} after {@link #release}. */
    protected INDArray input;

    @Override
    public final List<String> trainableParams() {
        return List.of();
    }

    /** None: no weights. */
    @Override
    public final List<String> outerProductParams() {
        return List.of();
    }

    /** Drops the cached input; a subclass that caches more drops that too and calls this. */
    @Override
    public void release() {
        input = null;
    }
}
