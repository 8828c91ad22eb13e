package org.sgdvi.core.gradients;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.models.TrainableLayout;

/**
 * Exact per-example gradients g_k = grad f_k(x) of a DL4J {@link MultiLayerNetwork} in inference
 * mode (the g_k of the paper's eq. (2), measured as for its Figs. 1-2: BatchNorm with its running
 * statistics, dropout off), for the
 * per-example loss f_k (the loss of example k alone, not divided by the number of examples, without
 * regularization terms), with respect to the trainable weights in {@link TrainableLayout} order.
 *
 * <p>For a chunk of m examples the engine runs one batched inference forward pass, keeping each
 * layer's input and pre-activation, then propagates the m error vectors dL_k/dy backwards through
 * the layers at once and writes each layer's per-example weight gradients straight into the
 * example rows of the result: outer products for dense layers, im2col and a batched matrix product
 * for convolutions, per-channel sums for BatchNorm (see the package's layer rules). Since no layer
 * in inference mode mixes examples, row k is exactly grad f_k. DL4J's own
 * {@code computeGradientAndScore} cannot be used: it runs in training mode and sums over the batch.
 *
 * <p>Examples are processed in chunks of at most {@code maxChunk} to bound the memory of the
 * cached activations; a chunk's intermediate arrays live in an ND4J workspace reused from chunk to
 * chunk (see {@link #releaseWorkspace()}). Works in the network's data type (FLOAT or DOUBLE). The network is read, never
 * modified; the engine reads the current weights at every call. Not thread-safe.
 */
public final class InferenceGradientEngine implements PerExampleGradients {

    /** Default number of examples per chunk. */
    public static final int DEFAULT_MAX_CHUNK = 256;

    private static final String WORKSPACE_ID = "SGDVI_PER_EXAMPLE_GRADIENTS";
    static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final TrainableLayout layout;
    private final DataType dataType;
    private final int maxChunk;
    private final LayerRules.Plan plan;
    private final Map<String, TrainableLayout.Entry> byVariable = new HashMap<>();
    private final int firstTrainableStep;
    private final long numClasses;

    /** An engine with {@link #DEFAULT_MAX_CHUNK}. */
    public InferenceGradientEngine(MultiLayerNetwork net) {
        this(net, DEFAULT_MAX_CHUNK);
    }

    /**
     * @param net an initialized network made only of supported layers
     * @param maxChunk the largest number of examples processed at once (at least 1)
     * @throws UnsupportedOperationException naming the first layer the engine has no rule for
     */
    public InferenceGradientEngine(MultiLayerNetwork net, int maxChunk) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException("maxChunk is " + maxChunk + "; expected at least 1");
        }
        if (net.params() == null) {
            throw new IllegalArgumentException("network is not initialized; call net.init() first");
        }
        this.layout = TrainableLayout.of(net);
        this.dataType = net.params().dataType();
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("network data type is " + dataType + "; expected FLOAT or DOUBLE");
        }
        this.maxChunk = maxChunk;
        this.plan = LayerRules.plan(net);
        for (TrainableLayout.Entry e : layout.entries()) {
            byVariable.put(e.variable(), e);
        }
        Set<String> written = new HashSet<>();
        int first = Integer.MAX_VALUE;
        List<LayerRules.Step> steps = plan.steps();
        for (int s = 0; s < steps.size(); s++) {
            for (String p : steps.get(s).rule().trainableParams()) {
                written.add(steps.get(s).layerIndex() + "_" + p);
                first = Math.min(first, s);
            }
        }
        for (String p : plan.output().trainableParams()) {
            written.add(plan.outputLayerIndex() + "_" + p);
            first = Math.min(first, steps.size());
        }
        if (!written.equals(byVariable.keySet())) {
            throw new UnsupportedOperationException("the layer rules write parameters " + new java.util.TreeSet<>(written)
                    + " but the trainable layout has " + new java.util.TreeSet<>(byVariable.keySet())
                    + "; a layer has trainable parameters the engine does not know");
        }
        this.firstTrainableStep = first;
        this.numClasses = net.getLayer(plan.outputLayerIndex()).conf().getLayer() instanceof
                org.deeplearning4j.nn.conf.layers.FeedForwardLayer f ? f.getNOut() : -1;
    }

    @Override
    public TrainableLayout layout() {
        return layout;
    }

    /** The data type of the network and of the result. */
    public DataType dataType() {
        return dataType;
    }

    /** The largest number of examples processed at once. */
    public int maxChunk() {
        return maxChunk;
    }

    @Override
    public INDArray compute(INDArray features, INDArray labels) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray out = Nd4j.create(dataType, features.size(0), dimension());
            computeInto(features, labels, out);
            return out;
        }
    }

    /**
     * Like {@link #compute} but writes into {@code out}, a C-order [M, d] array of the engine's
     * data type (e.g. a buffer reused across calls).
     *
     * @return sum_k f_k over the M examples, the per-example losses of the same forward pass (the
     *     output layer's loss function alone, no regularization terms)
     */
    public double computeInto(INDArray features, INDArray labels, INDArray out) {
        long m = features.size(0);
        if (labels.rank() != 2 || labels.size(0) != m) {
            throw new IllegalArgumentException("labels have shape " + java.util.Arrays.toString(labels.shape())
                    + "; expected [" + m + ", classes], one row per example of features");
        }
        if (numClasses > 0 && labels.size(1) != numClasses) {
            throw new IllegalArgumentException("labels have " + labels.size(1) + " columns; expected " + numClasses
                    + " (the output layer's nOut)");
        }
        if (out.rank() != 2 || out.size(0) != m || out.size(1) != dimension() || out.ordering() != 'c'
                || out.dataType() != dataType || out.stride(1) != 1) {
            throw new IllegalArgumentException("output array is " + out.shapeInfoToString().replace('\n', ' ')
                    + "; expected a C-order " + dataType + " array of shape [" + m + ", " + dimension() + "]");
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = features.castTo(dataType);
            INDArray y = labels.castTo(dataType);
            double loss = 0;
            for (long start = 0; start < m; start += maxChunk) {
                long end = Math.min(m, start + maxChunk);
                INDArray rows = out.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
                try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
                    loss += chunk(slice(x, start, end), slice(y, start, end), rows);
                }
            }
            return loss;
        }
    }

    /**
     * The engine's own inference-mode prediction (the output layer's activations), the same as
     * {@code net.output(features, false)}; useful to check the forward pass.
     */
    public INDArray output(INDArray features) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = features.castTo(dataType);
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
                INDArray p = forward(x).detach();
                release();
                return p;
            }
        }
    }

    /**
     * Frees this thread's workspace memory (the intermediate arrays of one chunk are kept in an ND4J
     * workspace that is reused from chunk to chunk and call to call; it is shared by all engines on a
     * thread and grows to the largest chunk seen).
     */
    public static void releaseWorkspace() {
        Nd4j.getWorkspaceManager().destroyWorkspace(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(WORKSPACE_ID));
    }

    /** Rows start..end of a, all other dimensions whole (a view). */
    public static INDArray slice(INDArray a, long start, long end) {
        if (start == 0 && end == a.size(0)) {
            return a;
        }
        org.nd4j.linalg.indexing.INDArrayIndex[] idx = new org.nd4j.linalg.indexing.INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(start, end);
        for (int i = 1; i < idx.length; i++) {
            idx[i] = NDArrayIndex.all();
        }
        return a.get(idx);
    }

    private INDArray forward(INDArray x) {
        INDArray a = x;
        for (LayerRules.Step step : plan.steps()) {
            a = step.rule().forward(a);
        }
        return plan.output().forward(a);
    }

    private double chunk(INDArray x, INDArray y, INDArray rows) {
        forward(x);
        double loss = plan.output().lossSum(y);
        GradientBlocks blocks = new GradientBlocks(rows, byVariable);
        List<LayerRules.Step> steps = plan.steps();
        INDArray error = plan.output().backward(y, blocks, firstTrainableStep < steps.size());
        for (int s = steps.size() - 1; s >= firstTrainableStep; s--) {
            error = steps.get(s).rule().backward(error, blocks, s > firstTrainableStep);
        }
        release();
        return loss;
    }

    private void release() {
        for (LayerRules.Step step : plan.steps()) {
            step.rule().release();
        }
        plan.output().release();
    }
}
