package org.sgdvi.core.gradients;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
        if (isIdentity(fn)) {
            return z;
        }
        if (isPlainRelu(fn) && ChannelLoops.applies(z)) {
            INDArray out = Nd4j.createUninitialized(z.dataType(), z.shape(), 'c');
            ChannelLoops.relu(z, out);
            return out;
        }
        return fn.getActivation(z.dup(), false);
    }

    /** max(z, 0) without a cap, threshold or leak (DL4J's default ReLU), which {@link ChannelLoops} computes directly. */
    private static boolean isPlainRelu(IActivation fn) {
        return fn.getClass() == ActivationReLU.class && ((ActivationReLU) fn).getMax() == null
                && ((ActivationReLU) fn).getThreshold() == null && ((ActivationReLU) fn).getNegativeSlope() == null;
    }

    /**
     * J_sigma(z)^T delta for every example. OVERWRITES z (DL4J's activations back-propagate in place);
     * callers pass the pre-activation they cached for this one backward step. delta is not modified.
     */
    static INDArray backprop(IActivation fn, INDArray z, INDArray delta) {
        if (isIdentity(fn)) {
            return delta;
        }
        if (isPlainRelu(fn) && ChannelLoops.applies(z, delta) && java.util.Arrays.equals(z.shape(), delta.shape())) {
            ChannelLoops.reluBackwardInPlace(z, delta);
            return z;
        }
        return fn.backprop(z, delta).getFirst();
    }

    /**
     * sigma'(z) * u element-wise (the forward R-pass of an activation, and its first-order backward
     * term), leaving z and u untouched; u is [m, ...] as z or a stack of b directions [b m, ...]
     * ({@link Stacked}).
     */
    static INDArray derivativeTimes(IActivation fn, INDArray z, INDArray u) {
        if (isIdentity(fn)) {
            return u;
        }
        requireSecondOrder(fn);
        if (u.size(0) == z.size(0)) {
            return fn.backprop(z.dup(), u).getFirst();
        }
        return Stacked.times(u, fn.backprop(z.dup(), Nd4j.onesLike(z)).getFirst());
    }

    /**
     * sigma''(z) * r * e element-wise, the second-order term of the backward R-pass
     * R{sigma'(z) e} = sigma''(z) R{z} e + sigma'(z) R{e}; {@code null} where sigma'' = 0
     * (identity, ReLU, leaky ReLU: piecewise linear, exact away from the kinks, a null set). z and e
     * are [m, ...]; r is [m, ...] or a stack of directions [b m, ...].
     */
    static INDArray secondDerivativeTimes(IActivation fn, INDArray z, INDArray r, INDArray e) {
        requireSecondOrder(fn);
        if (isIdentity(fn) || fn instanceof ActivationReLU || fn instanceof ActivationLReLU) {
            return null;
        }
        INDArray curvature;
        if (fn instanceof ActivationTanH) {
            INDArray t = Transforms.tanh(z, true);
            curvature = t.mul(t).rsubi(1).muli(t).muli(-2); // -2 t (1 - t^2)
        } else {
            INDArray s = Transforms.sigmoid(z, true); // sigmoid, and softplus whose sigma' is the sigmoid
            curvature = fn instanceof ActivationSigmoid
                    ? s.mul(s.rsub(1)).muli(s.mul(-2).addi(1)) // s (1 - s) (1 - 2 s)
                    : s.mul(s.rsub(1)); // s (1 - s)
        }
        return Stacked.times(r, curvature.muli(e));
    }

    /**
     * The adjoint through the activation and its R-pass: {sigma'(z) e, sigma''(z) R{z} e + sigma'(z) R{e}},
     * the first null when e is (the Gauss-Newton pass). z and e are [m, ...], rz and re the stacked
     * R-quantities of b directions [b m, ...]; the first result is [m, ...], the second [b m, ...].
     */
    static INDArray[] adjointsR(IActivation fn, INDArray z, INDArray rz, INDArray e, INDArray re) {
        INDArray rDelta = derivativeTimes(fn, z, re);
        if (e == null) {
            return new INDArray[] {null, rDelta};
        }
        INDArray second = secondDerivativeTimes(fn, z, rz, e);
        return new INDArray[] {derivativeTimes(fn, z, e), second == null ? rDelta : rDelta.add(second)};
    }

    /** Refuses an activation whose second derivative the R-operator does not know. */
    static void requireSecondOrder(IActivation fn) {
        if (!(isIdentity(fn) || fn instanceof ActivationReLU || fn instanceof ActivationLReLU || fn instanceof ActivationTanH
                || fn instanceof ActivationSigmoid || fn instanceof ActivationSoftPlus)) {
            throw new UnsupportedOperationException("activation " + fn + " has no second-order rule; expected identity, "
                    + "ReLU, leaky ReLU, tanh, sigmoid or softplus");
        }
    }
}
