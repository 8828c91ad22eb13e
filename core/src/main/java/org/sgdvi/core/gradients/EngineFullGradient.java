package org.sgdvi.core.gradients;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.models.TrainableLayout;

/**
 * {@link FullGradient} of any network the {@link InferenceGradientEngine} supports (every zoo
 * network), FLOAT or DOUBLE: grad f(x) = (1/N) sum_k g_k(x), the mean of the engine's exact
 * per-example rows (eq. (2) of arXiv 1710.11029), summed chunk by chunk in double, and f(x) the
 * mean of the per-example losses of the same forward passes. {@link #evaluate} writes x into the
 * bound network's trainable weights ({@link TrainableLayout#scatter}) and leaves it there; the
 * BatchNorm running statistics are the network's. {@link #forEachChunk} streams the rows g_k at
 * the network's current weights (for the diffusion matrix of eq. (2)). Not thread-safe.
 */
public final class EngineFullGradient implements FullGradient {

    private final MultiLayerNetwork net;
    private final TrainableLayout layout;
    private final InferenceGradientEngine engine;
    private final List<INDArray[]> chunks = new ArrayList<>();
    private final long examples;
    private final INDArray buffer;

    /**
     * @param net an initialized FLOAT or DOUBLE network (bound: its weights are changed by {@link #evaluate})
     * @param features the N inputs, [N, ...] as the network takes them
     * @param labels one-hot labels [N, classes]
     * @param chunk examples per engine call (memory: chunk x d values)
     */
    public EngineFullGradient(MultiLayerNetwork net, INDArray features, INDArray labels, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk is " + chunk + "; expected at least 1");
        }
        long n = features.size(0);
        if (n < 1 || labels.rank() != 2 || labels.size(0) != n) {
            throw new IllegalArgumentException("features have " + n + " rows and labels shape "
                    + java.util.Arrays.toString(labels.shape()) + "; expected N >= 1 examples and labels [N, classes]");
        }
        this.engine = new InferenceGradientEngine(net, chunk);
        this.net = net;
        this.layout = engine.layout();
        this.examples = n;
        DataType dtype = engine.dataType();
        INDArray x = features.castTo(dtype);
        INDArray y = labels.castTo(dtype);
        for (long start = 0; start < n; start += chunk) {
            long end = Math.min(n, start + chunk);
            chunks.add(new INDArray[] {rows(x, start, end), rows(y, start, end)});
        }
        this.buffer = Nd4j.create(dtype, Math.min(chunk, n), layout.trainableCount());
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

    @Override
    public long exampleCount() {
        return examples;
    }

    /** The trainable-weight order. */
    public TrainableLayout layout() {
        return layout;
    }

    /** The bound network's current trainable weights x (a DOUBLE copy). */
    public INDArray weights() {
        return layout.gather(net, DataType.DOUBLE);
    }

    /** Writes x into the bound network's trainable weights. */
    public void setWeights(INDArray x) {
        layout.scatter(x, net);
    }

    @Override
    public double evaluate(INDArray x, double[] gradient) {
        FullGradient.requireLength(this, gradient);
        setWeights(x);
        INDArray sum = Nd4j.zeros(DataType.DOUBLE, dimension());
        double[] loss = {0};
        pass((g, chunkLoss) -> {
            INDArray s = g.sum(0);
            sum.addi(s.dataType() == DataType.DOUBLE ? s : s.castTo(DataType.DOUBLE));
            loss[0] += chunkLoss;
        });
        double[] mean = sum.divi((double) examples).toDoubleVector();
        System.arraycopy(mean, 0, gradient, 0, mean.length);
        return loss[0] / examples;
    }

    /**
     * Streams the per-example gradients g_k at the network's current weights as [m, d] chunks, in
     * the same order every call (views of one reused buffer, valid only inside the consumer call).
     */
    public void forEachChunk(Consumer<INDArray> consumer) {
        pass((g, loss) -> consumer.accept(g));
    }

    /** The largest number of rows in a chunk of {@link #forEachChunk}. */
    public long chunkRows() {
        return buffer.rows();
    }

    private interface ChunkConsumer {
        void accept(INDArray rows, double lossSum);
    }

    private void pass(ChunkConsumer consumer) {
        for (INDArray[] c : chunks) {
            long m = c[0].size(0);
            INDArray out = m == buffer.rows() ? buffer : buffer.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
            double loss = engine.computeInto(c[0], c[1], out);
            consumer.accept(out, loss);
        }
    }
}
