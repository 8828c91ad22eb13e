package org.sgdvi.core.trajectory;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sgdvi.core.train.fused.DenseBnBlasGradient;
import org.sgdvi.core.train.fused.DenseBnKernel;
import org.sgdvi.core.train.fused.DenseBnReluSoftmax;
import org.sgdvi.core.train.fused.ExampleMatrix;

/**
 * {@link FullGradient} for the fully connected zoo networks ({@link DenseBnReluSoftmax}: tiny-fc,
 * small-fc), exact: one inference-mode forward and backward pass over all N examples in chunks
 * ({@link DenseBnBlasGradient}: the two large matrix products by BLAS; the same sums as the loop
 * kernel {@link DenseBnKernel#inferenceGradientSum}), the per-example gradients summed as they are
 * produced, never stored as an N x d matrix; float32 arithmetic within a chunk, float64 totals.
 */
public final class DenseBnFullGradient implements FullGradient {

    private final ExampleMatrix data;
    private MultiLayerNetwork cachedNet;
    private DenseBnBlasGradient pass;

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
            DenseBnReluSoftmax arch = DenseBnReluSoftmax.of(net);
            if (pass == null || !pass.architecture().toString().equals(arch.toString())) {
                pass = new DenseBnBlasGradient(arch, data);
            }
            cachedNet = net;
        }
        DenseBnReluSoftmax arch = pass.architecture();
        java.util.Arrays.fill(gradient, 0.0);
        double loss = pass.gradientSum(arch.readWeights(net), arch.readRunningMean(net),
                arch.readRunningVariance(net), gradient);
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
