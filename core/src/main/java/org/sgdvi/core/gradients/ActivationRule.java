package org.sgdvi.core.gradients;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/** DL4J's ActivationLayer: y = sigma(a), dL_k/da = J_sigma(a_k)^T dL_k/dy, no weights. */
final class ActivationRule extends ParameterFreeRule {

    private final IActivation activation;

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
}
