package org.sgdvi.core.gradients;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/** DL4J's ActivationLayer: y = sigma(a), dL_k/da = J_sigma(a_k)^T dL_k/dy, no weights. */
final class ActivationRule extends ParameterFreeRule {

    private final IActivation activation;
    private INDArray rInput;

    ActivationRule(IActivation activation) {
        this.activation = activation;
    }

    @Override
    public INDArray forward(INDArray in) {
        input = in;
        return Activations.apply(activation, in);
    }

    @Override
    public INDArray backward(INDArray outputError, GradientBlocks gradients, boolean needInputError) {
        return needInputError ? Activations.backprop(activation, input, outputError) : null;
    }

    /** R{y} = sigma'(a) R{a}. */
    @Override
    public INDArray forwardR(INDArray rIn, GradientBlocks direction) {
        rInput = rIn;
        return Activations.derivativeTimes(activation, input, rIn);
    }

    /** dL/da = sigma'(a) e, R{dL/da} = sigma''(a) R{a} e + sigma'(a) R{e}. */
    @Override
    public INDArray[] backwardR(INDArray outputError, INDArray rOutputError, GradientBlocks direction,
                                GradientBlocks gradient, GradientBlocks rGradient, boolean needInputError) {
        return needInputError ? Activations.adjointsR(activation, input, rInput, outputError, rOutputError) : null;
    }

    @Override
    public void release() {
        super.release();
        rInput = null;
    }
}
