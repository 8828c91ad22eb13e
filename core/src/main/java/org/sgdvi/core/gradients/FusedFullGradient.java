package org.sgdvi.core.gradients;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link FullGradient} of a {@link DenseBnReluSoftmax} network (tiny-fc, small-fc): one
 * inference-mode forward and backward pass over all N examples in chunks of
 * {@link DenseBnKernel#CHUNK} ({@link DenseBnKernel#inferenceGradientSum}), the per-example
 * gradients summed as they are produced, never stored as an N x d matrix; float32 arithmetic within
 * a chunk, float64 totals. x is rounded to float32; the BatchNorm running statistics are read from
 * the bound network at every evaluation, which never writes the network.
 *
 * <p>(Single-threaded loops. A BLAS variant, sgemm for the two p x h products, was measured
 * against it on 30,000 examples on the shared 2-core machine: 48-68 ms against 70-86 ms for
 * tiny-fc once, about 45 ms against 58 ms for tiny-fc and 125 ms against 160 ms for small-fc
 * under a load of 7 another time; it was removed, as a different summation order would change
 * the recorded gradient norms in their last digits.)
 */
public final class FusedFullGradient implements FullGradient {

    private final MultiLayerNetwork net;
    private final ExampleMatrix data;
    private final DenseBnKernel kernel;

    /**
     * @param net a network of the {@link DenseBnReluSoftmax} form (bound: its running statistics are read at each call)
     * @param data the N examples
     * @throws IllegalArgumentException naming what the network has that the kernel does not support
     */
    public FusedFullGradient(MultiLayerNetwork net, ExampleMatrix data) {
        this.kernel = new DenseBnKernel(DenseBnReluSoftmax.of(net));
        DenseBnReluSoftmax arch = kernel.architecture();
        if (data.featureSize() != arch.inputs() || data.classes() != arch.classes()) {
            throw new IllegalArgumentException("examples have " + data.featureSize() + " inputs and " + data.classes()
                    + " classes, the network takes " + arch.inputs() + " and " + arch.classes());
        }
        this.net = net;
        this.data = data;
    }

    @Override
    public long dimension() {
        return kernel.architecture().dimension();
    }

    @Override
    public long exampleCount() {
        return data.examples();
    }

    @Override
    public synchronized double evaluate(INDArray x, double[] gradient) {
        FullGradient.requireLength(this, gradient);
        if (x.length() != dimension()) {
            throw new IllegalArgumentException("weights have length " + x.length() + "; expected d = " + dimension());
        }
        DenseBnReluSoftmax arch = kernel.architecture();
        java.util.Arrays.fill(gradient, 0.0);
        double loss = kernel.inferenceGradientSum(x.castTo(DataType.FLOAT).toFloatVector(), arch.readRunningMean(net),
                arch.readRunningVariance(net), data, gradient);
        int n = data.examples();
        for (int k = 0; k < gradient.length; k++) {
            gradient[k] /= n;
        }
        return loss / n;
    }
}
