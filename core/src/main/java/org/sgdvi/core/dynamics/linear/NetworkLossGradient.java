package org.sgdvi.core.dynamics.linear;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.diffusion.GradientChunkSource;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.models.TrainableLayout;

/**
 * The full gradient of the training loss of a DOUBLE network in inference mode, as a function of
 * its trainable weights x ({@link TrainableLayout} order):
 * <pre>
 *   grad f(x) = (1/N) sum_k grad f_k(x)       (the paper's loss; f_k the loss of example k)
 * </pre>
 * from the exact per-example gradients of {@link InferenceGradientEngine} (BatchNorm with its
 * running statistics, which are not weights and stay fixed; dropout off), summed chunk by chunk in
 * double. {@link #gradient} writes x into the network's parameters ({@link TrainableLayout#scatter})
 * and leaves it there; {@link #chunkSource()} streams the rows g_k at the network's current weights
 * (for the diffusion matrix of eq. 2). Not thread-safe.
 */
public final class NetworkLossGradient implements GradientMap {

    private final MultiLayerNetwork net;
    private final TrainableLayout layout;
    private final InferenceGradientEngine engine;
    private final List<INDArray[]> chunks = new ArrayList<>();
    private final long examples;
    private final INDArray buffer;

    /**
     * @param net a DOUBLE network (see {@link NetworkLinearization#inDouble}); its weights are changed by {@link #gradient}
     * @param features the N inputs, [N, ...] as the network takes them
     * @param labels one-hot labels [N, classes]
     * @param chunk examples per engine call (memory: chunk x d doubles)
     */
    public NetworkLossGradient(MultiLayerNetwork net, INDArray features, INDArray labels, int chunk) {
        if (net.params() == null || net.params().dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("network data type is "
                    + (net.params() == null ? "uninitialized" : net.params().dataType())
                    + "; expected DOUBLE (convert with NetworkLinearization.inDouble)");
        }
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk is " + chunk + "; expected at least 1");
        }
        long n = features.size(0);
        if (n < 1 || labels.rank() != 2 || labels.size(0) != n) {
            throw new IllegalArgumentException("features have " + n + " rows and labels shape "
                    + java.util.Arrays.toString(labels.shape()) + "; expected N >= 1 examples and labels [N, classes]");
        }
        this.net = net;
        this.layout = TrainableLayout.of(net);
        this.engine = new InferenceGradientEngine(net, chunk);
        this.examples = n;
        INDArray x = features.castTo(DataType.DOUBLE);
        INDArray y = labels.castTo(DataType.DOUBLE);
        for (long start = 0; start < n; start += chunk) {
            long end = Math.min(n, start + chunk);
            chunks.add(new INDArray[] {rows(x, start, end), rows(y, start, end)});
        }
        this.buffer = Nd4j.create(DataType.DOUBLE, Math.min(chunk, n), layout.trainableCount());
    }

    private static INDArray rows(INDArray a, long start, long end) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(start, end);
        for (int i = 1; i < idx.length; i++) {
            idx[i] = NDArrayIndex.all();
        }
        return a.get(idx).dup('c');
    }

    @Override
    public long dimension() {
        return layout.trainableCount();
    }

    /** N, the number of examples. */
    public long exampleCount() {
        return examples;
    }

    /** The trainable-weight order. */
    public TrainableLayout layout() {
        return layout;
    }

    /** The network's current trainable weights x (a DOUBLE copy). */
    public INDArray weights() {
        return layout.gather(net, DataType.DOUBLE);
    }

    /** Writes x into the network's trainable weights. */
    public void setWeights(INDArray x) {
        layout.scatter(x, net);
    }

    @Override
    public INDArray gradient(INDArray x) {
        setWeights(x);
        return gradientAtCurrentWeights();
    }

    /** grad f at the network's current weights. */
    public INDArray gradientAtCurrentWeights() {
        INDArray sum = Nd4j.zeros(DataType.DOUBLE, dimension());
        forEachChunk(g -> sum.addi(g.sum(0)));
        return sum.divi((double) examples);
    }

    /** The per-example gradients at the network's current weights, streamed in chunks (views of one reused buffer). */
    public GradientChunkSource chunkSource() {
        NetworkLossGradient self = this;
        return new GradientChunkSource() {
            @Override
            public long dimension() {
                return self.dimension();
            }

            @Override
            public void forEachChunk(Consumer<INDArray> consumer) {
                self.forEachChunk(consumer);
            }

            @Override
            public long chunkRowsHint() {
                return buffer.rows();
            }
        };
    }

    private void forEachChunk(Consumer<INDArray> consumer) {
        for (INDArray[] c : chunks) {
            long m = c[0].size(0);
            INDArray out = m == buffer.rows() ? buffer : buffer.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
            engine.computeInto(c[0], c[1], out);
            consumer.accept(out);
        }
    }
}
