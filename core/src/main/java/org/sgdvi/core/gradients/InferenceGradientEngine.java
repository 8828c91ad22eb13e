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
 *
 * <p>Threads: by default ({@link #defaultThreads()}, ND4J's thread count) a chunk's examples are split
 * into contiguous ranges computed at once on that many threads, each with single-threaded BLAS and
 * ND4J operations. The arrays of one example are small (a few hundred to a few thousand numbers), and
 * a profile of small-lenet on 2 cores showed OpenBLAS spending most of its time in its threads'
 * synchronization on these small GEMMs rather than in its kernels; splitting over examples leaves
 * each operation whole on one core.
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
    private final MultiLayerNetwork net;
    private final int threads;
    /** One plan per extra worker (the rules cache a chunk's activations, so each thread has its own). */
    private final List<LayerRules.Plan> workerPlans = new java.util.ArrayList<>();
    private final Map<String, TrainableLayout.Entry> byVariable = new HashMap<>();
    private final int firstTrainableStep;
    private final long numClasses;
    /** The dense weights kept as outer-product factors by {@link #computeFactored}, the rest as columns. */
    private final FactoredLayout factoredLayout;
    /** The explicit parameters' entries with their offsets in the explicit row of {@link #factoredLayout}. */
    private final Map<String, TrainableLayout.Entry> explicitByVariable = new HashMap<>();

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
        this(net, maxChunk, defaultThreads());
    }

    /**
     * An engine that splits every chunk into {@code threads} contiguous row ranges computed at once,
     * each on its own thread with single-threaded BLAS and ND4J ops (no example is split, so every row
     * is computed by the same operations as with one thread; with small per-example arrays this beats
     * multithreading inside each small operation). {@code threads = 1} computes on the calling thread
     * with ND4J's and BLAS's own threading.
     *
     * @param threads how many threads share a chunk (at least 1)
     */
    public InferenceGradientEngine(MultiLayerNetwork net, int maxChunk, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads is " + threads + "; expected at least 1");
        }
        this.threads = threads;
        this.net = net;
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
        Set<String> outer = new HashSet<>();
        for (LayerRules.Step step : steps) {
            for (String p : step.rule().outerProductParams()) {
                outer.add(step.layerIndex() + "_" + p);
            }
        }
        for (String p : plan.output().outerProductParams()) {
            outer.add(plan.outputLayerIndex() + "_" + p);
        }
        FactoredLayout factored = FactoredLayout.of(layout, outer);
        // a network of dense weights alone keeps them as columns: a factored layout needs an explicit column
        this.factoredLayout = factored.explicitWidth() > 0 ? factored : FactoredLayout.none(layout.trainableCount());
        for (TrainableLayout.Entry e : layout.entries()) {
            for (FactoredLayout.Segment g : factoredLayout.explicit()) {
                if (e.offset() >= g.offset() && e.offset() < g.offset() + g.length()) {
                    explicitByVariable.put(e.variable(), new TrainableLayout.Entry(e.layerIndex(), e.layerName(), e.param(),
                            e.shape(), g.explicitOffset() + e.offset() - g.offset(), e.length()));
                }
            }
        }
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

    /**
     * ND4J's thread count (what its own operations would use; the cores of the machine unless set
     * otherwise), at most the available processors.
     */
    public static int defaultThreads() {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), Nd4j.getEnvironment().maxThreads()));
    }

    /** How many threads share a chunk. */
    public int threads() {
        return threads;
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
     * The split of the columns that {@link #computeFactored} uses: every dense weight (dense and output
     * layers, dL_k/dW = a_k^T delta_k) as its two factors, all other parameters as columns.
     */
    @Override
    public FactoredLayout factoredLayout() {
        return factoredLayout;
    }

    /**
     * The same gradients as {@link #compute}, with each dense weight's per-example outer product
     * a_k^T delta_k kept as its factors a_k (the layer's input) and delta_k (its pre-activation error):
     * p + q numbers per example instead of p q, and none of the outer products' arithmetic. The
     * factors are the arrays {@link #compute} multiplies, so expanding them gives its rows up to
     * that product's rounding.
     */
    @Override
    public FactoredGradients computeFactored(INDArray features, INDArray labels) {
        long m = features.size(0);
        requireLabels(labels, m);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray explicit = Nd4j.create(dataType, m, factoredLayout.explicitWidth());
            List<INDArray> left = new java.util.ArrayList<>();
            List<INDArray> right = new java.util.ArrayList<>();
            for (FactoredLayout.Block b : factoredLayout.blocks()) {
                left.add(Nd4j.create(dataType, m, b.rows()));
                right.add(Nd4j.create(dataType, m, b.columns()));
            }
            run(features, labels, (from, to) -> {
                Map<String, INDArray[]> factors = new HashMap<>();
                for (int b = 0; b < left.size(); b++) {
                    factors.put(factoredLayout.blocks().get(b).variable(),
                            new INDArray[] {rowSlice(left.get(b), from, to), rowSlice(right.get(b), from, to)});
                }
                return new GradientBlocks(rowSlice(explicit, from, to), explicitByVariable, factors);
            });
            return new FactoredGradients(factoredLayout, explicit, left, right);
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
        requireLabels(labels, m);
        if (out.rank() != 2 || out.size(0) != m || out.size(1) != dimension() || out.ordering() != 'c'
                || out.dataType() != dataType || out.stride(1) != 1) {
            throw new IllegalArgumentException("output array is " + out.shapeInfoToString().replace('\n', ' ')
                    + "; expected a C-order " + dataType + " array of shape [" + m + ", " + dimension() + "]");
        }
        return run(features, labels, (from, to) -> new GradientBlocks(rowSlice(out, from, to), byVariable));
    }

    /** Where the gradients of examples from .. to - 1 of a call go. */
    private interface Target {
        GradientBlocks rows(long from, long to);
    }

    private void requireLabels(INDArray labels, long m) {
        if (labels.rank() != 2 || labels.size(0) != m) {
            throw new IllegalArgumentException("labels have shape " + java.util.Arrays.toString(labels.shape())
                    + "; expected [" + m + ", classes], one row per example of features");
        }
        if (numClasses > 0 && labels.size(1) != numClasses) {
            throw new IllegalArgumentException("labels have " + labels.size(1) + " columns; expected " + numClasses
                    + " (the output layer's nOut)");
        }
    }

    private double run(INDArray features, INDArray labels, Target target) {
        long m = features.size(0);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = features.castTo(dataType);
            INDArray y = labels.castTo(dataType);
            double loss = 0;
            for (long start = 0; start < m; start += maxChunk) {
                long end = Math.min(m, start + maxChunk);
                if (threads == 1 || end - start < 2L * MIN_ROWS_PER_THREAD) {
                    loss += chunkInWorkspace(plan, slice(x, start, end), slice(y, start, end), target.rows(start, end));
                } else {
                    loss += parallelChunk(x, y, start, end, target);
                }
            }
            return loss;
        }
    }

    /** Below this many rows per thread a chunk is computed on the calling thread alone. */
    private static final int MIN_ROWS_PER_THREAD = 8;

    /**
     * Worker i of every engine is one long-lived daemon thread, so its workspace is reused from chunk
     * to chunk and call to call like the calling thread's, and {@link #releaseWorkspace()} can reach it.
     */
    private static final List<java.util.concurrent.ExecutorService> WORKERS = new java.util.ArrayList<>();

    private static synchronized java.util.concurrent.ExecutorService worker(int i) {
        while (WORKERS.size() <= i) {
            int n = WORKERS.size() + 1;
            WORKERS.add(java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "sgdvi-gradient-worker-" + n);
                t.setDaemon(true);
                return t;
            }));
        }
        return WORKERS.get(i);
    }

    private double chunkInWorkspace(LayerRules.Plan p, INDArray x, INDArray y, GradientBlocks rows) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            return chunk(p, x, y, rows);
        }
    }

    /**
     * The chunk's rows split into {@code threads} contiguous ranges; range 0 on the calling thread, the
     * others on pool threads, with BLAS and ND4J ops single-threaded meanwhile (restored after). A
     * worker's workspace is freed when its range is done, so no memory stays behind on pool threads.
     */
    private double parallelChunk(INDArray allX, INDArray allY, long start, long end, Target target) {
        long m = end - start;
        INDArray x = slice(allX, start, end);
        INDArray y = slice(allY, start, end);
        while (workerPlans.size() < threads - 1) {
            workerPlans.add(LayerRules.plan(net));
        }
        int ndThreads = Nd4j.getEnvironment().maxThreads();
        int blasThreads = Nd4j.factory().blas().getMaxThreads();
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
        try {
            List<java.util.concurrent.Future<Double>> futures = new java.util.ArrayList<>();
            for (int t = 1; t < threads; t++) {
                long from = m * t / threads;
                long to = m * (t + 1) / threads;
                LayerRules.Plan p = workerPlans.get(t - 1);
                GradientBlocks rows = target.rows(start + from, start + to);
                futures.add(worker(t - 1).submit(() -> chunkInWorkspace(p, slice(x, from, to), slice(y, from, to), rows)));
            }
            RuntimeException failure = null;
            double loss = 0;
            try {
                loss += chunkInWorkspace(plan, slice(x, 0, m / threads), slice(y, 0, m / threads),
                        target.rows(start, start + m / threads));
            } catch (RuntimeException e) {
                failure = e;
            }
            // every worker is waited for, so none still runs when the thread settings are restored
            for (java.util.concurrent.Future<Double> f : futures) {
                try {
                    loss += f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (failure == null) {
                        failure = cause instanceof RuntimeException r ? r
                                : new IllegalStateException("per-example gradient worker failed: " + cause, cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = failure != null ? failure
                            : new IllegalStateException("interrupted while computing per-example gradients", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return loss;
        } finally {
            Nd4j.getEnvironment().setMaxThreads(ndThreads);
            Nd4j.factory().blas().setMaxThreads(blasThreads);
        }
    }

    private static INDArray rowSlice(INDArray rows, long from, long to) {
        return rows.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /**
     * The engine's own inference-mode prediction (the output layer's activations), the same as
     * {@code net.output(features, false)}; useful to check the forward pass.
     */
    public INDArray output(INDArray features) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = features.castTo(dataType);
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
                INDArray p = forward(plan, x).detach();
                release(plan);
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
        releaseOwnWorkspace();
        List<java.util.concurrent.ExecutorService> workers;
        synchronized (InferenceGradientEngine.class) {
            workers = List.copyOf(WORKERS);
        }
        for (java.util.concurrent.ExecutorService w : workers) {
            try {
                w.submit(InferenceGradientEngine::releaseOwnWorkspace).get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("could not free a gradient worker's workspace: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void releaseOwnWorkspace() {
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

    private static INDArray forward(LayerRules.Plan plan, INDArray x) {
        INDArray a = x;
        for (LayerRules.Step step : plan.steps()) {
            a = step.rule().forward(a);
        }
        return plan.output().forward(a);
    }

    private double chunk(LayerRules.Plan plan, INDArray x, INDArray y, GradientBlocks blocks) {
        forward(plan, x);
        double loss = plan.output().lossSum(y);
        List<LayerRules.Step> steps = plan.steps();
        INDArray error = plan.output().backward(y, blocks, firstTrainableStep < steps.size());
        for (int s = steps.size() - 1; s >= firstTrainableStep; s--) {
            error = steps.get(s).rule().backward(error, blocks, s > firstTrainableStep);
        }
        release(plan);
        return loss;
    }

    private static void release(LayerRules.Plan plan) {
        for (LayerRules.Step step : plan.steps()) {
            step.rule().release();
        }
        plan.output().release();
    }
}
