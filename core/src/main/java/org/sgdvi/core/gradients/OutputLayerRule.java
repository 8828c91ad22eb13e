package org.sgdvi.core.gradients;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * DL4J's OutputLayer: z = a W + b, p = sigma(z), per-example loss L_k = loss(y_k, p_k). The error
 * dL_k/dz_k comes from DL4J's {@link ILossFunction#computeGradient} (per example, not divided by
 * the batch size; for softmax with MCXENT it is p_k - y_k); the dense part then follows
 * {@link DenseRule}.
 */
final class OutputLayerRule implements OutputRule {

    private final DenseRule affine;
    private final IActivation activation;
    private final ILossFunction loss;
    private INDArray preActivation;
    private INDArray rPreActivation;

    OutputLayerRule(int layerIndex, Layer layer, boolean hasBias, IActivation activation, ILossFunction loss) {
        this.affine = new DenseRule(layerIndex, layer, hasBias, new ActivationIdentity());
        this.activation = activation;
        this.loss = loss;
    }

    @Override
    public INDArray forward(INDArray input) {
        preActivation = affine.forward(input);
        return activation.getActivation(preActivation.dup(), false);
    }

    @Override
    public INDArray backward(INDArray labels, GradientBlocks gradients, boolean needInputError) {
        INDArray delta = loss.computeGradient(labels, preActivation.dup(), activation, null);
        return affine.backward(delta, gradients, needInputError);
    }

    @Override
    public double lossSum(INDArray labels) {
        return loss.computeScore(labels, preActivation.dup(), activation, null, false);
    }

    @Override
    public INDArray forwardR(INDArray rInput, GradientBlocks direction) {
        SoftmaxCrossEntropy.require(activation, loss);
        rPreActivation = affine.forwardR(rInput, direction);
        return rPreActivation;
    }

    @Override
    public INDArray[] backwardR(INDArray labels, GradientBlocks direction, GradientBlocks gradient,
                                GradientBlocks rGradient, boolean needInputError, boolean gaussNewton) {
        INDArray delta = gaussNewton ? null : loss.computeGradient(labels, preActivation.dup(), activation, null);
        INDArray rDelta = SoftmaxCrossEntropy.hessianTimes(preActivation, rPreActivation);
        return affine.backwardR(delta, rDelta, direction, gradient, rGradient, needInputError);
    }

    @Override
    public List<String> outerProductParams() {
        return affine.outerProductParams();
    }

    @Override
    public List<String> trainableParams() {
        return affine.trainableParams();
    }

    @Override
    public void release() {
        preActivation = null;
        rPreActivation = null;
        affine.release();
    }
}
