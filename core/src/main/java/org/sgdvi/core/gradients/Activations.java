package org.sgdvi.core.gradients;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An element-wise (or, for softmax, row-wise) activation a = sigma(z) and its per-example
 * back-propagation dL/dz = J_sigma(z)^T dL/da, both batched over the examples through DL4J's
 * {@link IActivation}. Neither map mixes examples, so the batched result is exact per example.
 */
final class Activations {

    private Activations() {
    }

    static boolean isIdentity(IActivation fn) {
        return fn == null || fn instanceof ActivationIdentity;
    }

    /** sigma(z), leaving z untouched. */
    static INDArray apply(IActivation fn, INDArray z) {
        return isIdentity(fn) ? z : fn.getActivation(z.dup(), false);
    }

    /**
     * J_sigma(z)^T delta for every example. OVERWRITES z (DL4J's activations back-propagate in place);
     * callers pass the pre-activation they cached for this one backward step. delta is not modified.
     */
    static INDArray backprop(IActivation fn, INDArray z, INDArray delta) {
        if (isIdentity(fn)) {
            return delta;
        }
        return fn.backprop(z, delta).getFirst();
    }
}
