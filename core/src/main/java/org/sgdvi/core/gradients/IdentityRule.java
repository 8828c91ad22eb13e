package org.sgdvi.core.gradients;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A step that is the identity in inference mode: DL4J's DropoutLayer (dropout is applied only
 * while training; DL4J uses inverted dropout, so no rescaling at inference). y = a, dL/da = dL/dy.
 */
final class IdentityRule implements LayerRule {

    @Override
    public INDArray forward(INDArray in) {
        return in;
    }

    @Override
    public INDArray backward(INDArray outputError, GradientBlocks gradients, boolean needInputError) {
        return needInputError ? outputError : null;
    }

    @Override
    public INDArray forwardR(INDArray rInput, GradientBlocks direction) {
        return rInput;
    }

    @Override
    public INDArray[] backwardR(INDArray outputError, INDArray rOutputError, GradientBlocks direction,
                                GradientBlocks gradient, GradientBlocks rGradient, boolean needInputError) {
        return needInputError ? new INDArray[] {outputError, rOutputError} : null;
    }

    @Override
    public List<String> trainableParams() {
        return List.of();
    }

    @Override
    public void release() {
        // nothing cached
    }
}
