package org.sgdvi.core.dynamics.linear;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.diffusion.DiffusionMatrix;

/**
 * The local quadratic model of a trained network's loss that Lemma 20 linearizes: at weights x*,
 * grad f(x) ~ grad f(x*) + F (x - x*) with F the Hessian, and SGD noise of constant covariance D
 * (eq. 2), both over the same N examples in inference mode, in DOUBLE.
 *
 * @param weights          x*, length d
 * @param diffusion        D (with replacement, eq. 2) and grad f(x*) (its centre)
 * @param hessian          F by central differences of the exact gradient
 * @param examples         N
 * @param diffusionSeconds wall time of D
 * @param hessianSeconds   wall time of F
 */
public record NetworkQuadratic(INDArray weights, DiffusionMatrix diffusion, HessianEstimate hessian, long examples,
                               double diffusionSeconds, double hessianSeconds) {

    /** d. */
    public long dimension() {
        return weights.length();
    }

    /** grad f(x*), length d. */
    public INDArray fullGradient() {
        return diffusion.fullGradient();
    }
}
