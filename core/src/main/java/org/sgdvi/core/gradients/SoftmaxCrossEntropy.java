package org.sgdvi.core.gradients;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The curvature of the per-example loss L = -sum_j y_j log p_j with p = softmax(z) in its
 * pre-activation z: dL/dz = p - y (for one-hot or any labels summing to 1) and
 * H_L = d^2 L / dz^2 = diag(p) - p p^T, independent of the labels. The loss layers of the zoo all
 * use this pair; others are refused by the R-operator.
 */
final class SoftmaxCrossEntropy {

    private SoftmaxCrossEntropy() {
    }

    /** Refuses any output other than softmax with unweighted cross-entropy (MCXENT or negative log-likelihood). */
    static void require(IActivation activation, ILossFunction loss) {
        if (!(activation instanceof ActivationSoftmax) || !(loss instanceof LossMCXENT m) || m.getWeights() != null) {
            throw new UnsupportedOperationException("output " + activation + " with loss " + loss
                    + " has no second-order rule; expected softmax with unweighted MCXENT");
        }
    }

    /**
     * H_L u = p * u - p (p . u) for every example (row) at once, p = softmax(z) [m, c]; u is [m, c] or the
     * stack [b m, c] of b directions ({@link Stacked}); neither argument is modified.
     */
    static INDArray hessianTimes(INDArray z, INDArray u) {
        INDArray p = new ActivationSoftmax().getActivation(z.dup(), false);
        INDArray pu = Stacked.times(u, p);
        INDArray dot = pu.sum(true, 1);
        return pu.subi(Stacked.tile(p, Stacked.directions(u, p)).muliColumnVector(dot));
    }
}
