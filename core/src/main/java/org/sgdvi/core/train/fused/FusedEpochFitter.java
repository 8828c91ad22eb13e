package org.sgdvi.core.train.fused;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.core.gradients.DenseBnKernel;
import org.sgdvi.core.gradients.DenseBnReluSoftmax;
import org.sgdvi.core.gradients.ExampleMatrix;
import org.sgdvi.core.train.EpochFitter;
import org.sgdvi.core.train.IterationProgress;
import org.sgdvi.core.train.ResumableDataSetIterator;

/**
 * The fused engine ({@code --engine fused}): one epoch of {@link DenseBnKernel#trainStep} over the
 * mini-batches of the training iterator, for networks of the {@link DenseBnReluSoftmax} form.
 *
 * <p>At the start of the epoch it reads the weights, BatchNorm running statistics and momentum
 * buffers from the DL4J network; at the end (or at a non-finite loss) it writes them back with the
 * iteration count, so checkpoints, listeners' epoch hooks and evaluation see exactly the state DL4J's
 * {@code fit} would have produced (to float32 rounding; tested). The learning rate of step t in
 * epoch e is the updater's {@code getLearningRate(t, e)}, as DL4J evaluates it. DL4J listeners'
 * per-iteration hooks do not fire.
 */
public final class FusedEpochFitter implements EpochFitter {

    private MultiLayerNetwork cachedNet;
    private DenseBnKernel kernel;

    /** Whether {@code net} can be trained by this engine. */
    public static boolean supports(MultiLayerNetwork net) {
        return DenseBnReluSoftmax.unsupportedReason(net) == null;
    }

    @Override
    public boolean fitEpoch(MultiLayerNetwork net, ResumableDataSetIterator data, int epoch,
                            IterationProgress onIteration) {
        if (net != cachedNet) {
            kernel = new DenseBnKernel(DenseBnReluSoftmax.of(net));
            cachedNet = net;
        }
        DenseBnReluSoftmax arch = kernel.architecture();
        float[] x = arch.readWeights(net);
        float[] u = arch.readMomentum(net);
        float[] runMean = arch.readRunningMean(net);
        float[] runVar = arch.readRunningVariance(net);
        float mu = (float) arch.momentum();
        int iteration = net.getIterationCount();
        int it = 0;
        long examples = 0;
        boolean finite = true;
        try {
            while (data.hasNext()) {
                DataSet ds = data.next();
                int b = (int) ds.getFeatures().size(0);
                float[] f = ExampleMatrix.floats(ds.getFeatures());
                float[] y = ExampleMatrix.floats(ds.getLabels());
                if (f.length != b * arch.inputs() || y.length != b * arch.classes()) {
                    throw new IllegalArgumentException("mini-batch of shape " + java.util.Arrays.toString(ds.getFeatures().shape())
                            + " / " + java.util.Arrays.toString(ds.getLabels().shape()) + ", expected [b, "
                            + arch.inputs() + "] / [b, " + arch.classes() + "]");
                }
                float lr = (float) arch.updater().getLearningRate(iteration, epoch);
                double score = kernel.trainStep(x, u, runMean, runVar, f, y, 0, b, lr, mu);
                iteration++;
                it++;
                examples += b;
                if (onIteration != null) {
                    onIteration.onIteration(epoch + 1, it, examples, score);
                }
                if (!Double.isFinite(score)) {
                    finite = false;
                    break;
                }
            }
        } finally {
            arch.writeWeights(x, net);
            arch.writeRunningStatistics(runMean, runVar, net);
            arch.writeMomentum(u, net);
            net.setIterationCount(iteration);
        }
        return finite;
    }

    @Override
    public String toString() {
        return "fused";
    }
}
