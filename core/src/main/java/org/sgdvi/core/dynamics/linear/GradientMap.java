package org.sgdvi.core.dynamics.linear;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A gradient field x -> grad f(x) on R^d, evaluated in DOUBLE; the object whose Jacobian
 * F = d(grad f)/dx (the Hessian of f) Lemma 20 linearizes, grad f(x) ~ F (x - x*).
 */
public interface GradientMap {

    /** d, the length of x and of grad f(x). */
    long dimension();

    /**
     * grad f(x).
     *
     * @param x a DOUBLE vector of length d; read, never modified or kept
     * @return a new DOUBLE vector of length d
     */
    INDArray gradient(INDArray x);
}
