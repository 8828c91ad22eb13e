package org.sgdvi.core.gradients;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The input pre-processors DL4J inserts between feed-forward and convolutional layers
 * (FeedForwardToCnnPreProcessor: [m, C*H*W] to [m, C, H, W]; CnnToFeedForwardPreProcessor: NCHW
 * [m, C, H, W] to [m, C*H*W]), both row-major reshapes of each example. The error is reshaped back.
 */
final class ReshapeRule implements LayerRule {

    private final long[] perExampleShape;
    private long[] inputShape;

    ReshapeRule(long... perExampleShape) {
        this.perExampleShape = perExampleShape.clone();
    }

    @Override
    public INDArray forward(INDArray in) {
        inputShape = in.shape();
        long[] shape = new long[perExampleShape.length + 1];
        shape[0] = in.size(0);
        System.arraycopy(perExampleShape, 0, shape, 1, perExampleShape.length);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != in.length()) {
            throw new IllegalArgumentException("input of shape " + java.util.Arrays.toString(inputShape)
                    + " cannot be reshaped to " + java.util.Arrays.toString(shape)
                    + "; expected " + (n / shape[0]) + " values per example");
        }
        return in.dup('c').reshape('c', shape);
    }

    @Override
    public INDArray backward(INDArray outputError, GradientBlocks gradients, boolean needInputError) {
        if (!needInputError) {
            return null;
        }
        long[] shape = inputShape.clone();
        shape[0] = outputError.size(0); // m examples, or b m stacked R-quantities
        return outputError.dup('c').reshape('c', shape);
    }

    /** The same reshape of every row of the stack (m examples or b m stacked R-quantities). */
    @Override
    public INDArray forwardR(INDArray rInput, GradientBlocks direction) {
        long[] shape = new long[perExampleShape.length + 1];
        shape[0] = rInput.size(0);
        System.arraycopy(perExampleShape, 0, shape, 1, perExampleShape.length);
        return rInput.dup('c').reshape('c', shape);
    }

    @Override
    public INDArray[] backwardR(INDArray outputError, INDArray rOutputError, GradientBlocks direction,
                                GradientBlocks gradient, GradientBlocks rGradient, boolean needInputError) {
        return LayerRule.routeBoth(this, outputError, rOutputError, needInputError);
    }

    @Override
    public List<String> trainableParams() {
        return List.of();
    }

    @Override
    public void release() {
        // only shapes cached
    }
}
