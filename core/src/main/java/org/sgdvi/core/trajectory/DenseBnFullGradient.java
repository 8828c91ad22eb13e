package org.sgdvi.core.trajectory;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sgdvi.core.train.fused.DenseBnKernel;
import org.sgdvi.core.train.fused.DenseBnReluSoftmax;
import org.sgdvi.core.train.fused.ExampleMatrix;

/**
 * {@link FullGradient} for the fully connected zoo networks ({@link DenseBnReluSoftmax}: tiny-fc,
 * small-fc), exact: one inference-mode forward and backward pass over all N examples in chunks of
 * {@link DenseBnKernel#CHUNK} ({@link DenseBnKernel#inferenceGradientSum}), the per-example gradients
 * summed as they are produced, never stored as an N x d matrix; float32 arithmetic within a chunk,
 * float64 totals. (Single-threaded loops: measured alternately against the BLAS variant
 * {@link org.sgdvi.core.train.fused.DenseBnBlasGradient} on 30,000 examples they were as fast or
 * faster on the shared 2-core machine, 48-68 ms versus 70-86 ms in the calmest rounds.)
 */
public final class DenseBnFullGradient implements FullGradient {

    private final ExampleMatrix data;
    private MultiLayerNetwork cachedNet;
    private DenseBnKernel kernel;

    /** The full gradient over {@code data}. */
    public DenseBnFullGradient(ExampleMatrix data) {
        this.data = data;
    }

    /** Whether this class supports {@code net}. */
    public static boolean supports(MultiLayerNetwork net) {
        return DenseBnReluSoftmax.unsupportedReason(net) == null;
    }

    @Override
    public synchronized double compute(MultiLayerNetwork net, double[] gradient) {
        if (net != cachedNet) {
            kernel = new DenseBnKernel(DenseBnReluSoftmax.of(net));
            cachedNet = net;
        }
        DenseBnReluSoftmax arch = kernel.architecture();
        java.util.Arrays.fill(gradient, 0.0);
        double loss = kernel.inferenceGradientSum(arch.readWeights(net), arch.readRunningMean(net),
                arch.readRunningVariance(net), data, gradient);
        int n = data.examples();
        for (int k = 0; k < gradient.length; k++) {
            gradient[k] /= n;
        }
        return loss / n;
    }

    @Override
    public int examples() {
        return data.examples();
    }
}
