package org.sgdvi.core.gradients;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * DL4J's LossLayer (no weights): p = sigma(a), L_k = loss(y_k, p_k); the input error is
 * dL_k/da_k from {@link ILossFunction#computeGradient}, per example.
 */
final class LossLayerRule extends ParameterFreeRule implements OutputRule {

    private final IActivation activation;
    private final ILossFunction loss;
    private INDArray rInput;

    LossLayerRule(IActivation activation, ILossFunction loss) {
        this.activation = activation;
        this.loss = loss;
    }

    @Override
    public INDArray forward(INDArray in) {
        input = in;
        return activation.getActivation(in.dup(), false);
    }

    @Override
    public INDArray backward(INDArray labels, GradientBlocks gradients, boolean needInputError) {
        return needInputError ? loss.computeGradient(labels, input.dup(), activation, null) : null;
    }

    @Override
    public double lossSum(INDArray labels) {
        return loss.computeScore(labels, input.dup(), activation, null, false);
    }

    @Override
    public INDArray forwardR(INDArray rIn, GradientBlocks direction) {
        SoftmaxCrossEntropy.require(activation, loss);
        rInput = rIn;
        return rIn;
    }

    @Override
    public INDArray[] backwardR(INDArray labels, GradientBlocks direction, GradientBlocks gradient,
                                GradientBlocks rGradient, boolean needInputError, boolean gaussNewton) {
        if (!needInputError) {
            return null;
        }
        INDArray delta = gaussNewton ? null : loss.computeGradient(labels, input.dup(), activation, null);
        return new INDArray[] {delta, SoftmaxCrossEntropy.hessianTimes(input, rInput)};
    }

    @Override
    public void release() {
        super.release();
        rInput = null;
    }
}
