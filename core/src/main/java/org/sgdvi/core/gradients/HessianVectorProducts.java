package org.sgdvi.core.gradients;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.models.TrainableLayout;

/**
 * Exact curvature-vector products of the mean training loss f(x) = (1/N) sum_k f_k(x) in
 * inference mode (BatchNorm with its running statistics, dropout off; the f of the paper's
 * eq. (2) and of {@link InferenceGradientEngine}), with respect to the trainable weights in
 * {@link TrainableLayout} order:
 * <ul>
 *   <li>{@link Curvature#HESSIAN}: H v = (1/N) sum_k grad^2 f_k(x) v, by Pearlmutter's R-operator
 *   R{.} = d/dt (.)(x + t v) at t = 0 (Pearlmutter 1994): a forward R-pass of the activations
 *   (R{y} of every layer from R{a} and v) and a backward R-pass of the adjoints dL/da, one small
 *   exact rule per layer type ({@code forwardR}, {@code backwardR} of the layer rules);</li>
 *   <li>{@link Curvature#GAUSS_NEWTON}: the generalized Gauss-Newton product G v = (1/N) sum_k
 *   J_k^T H_L J_k v (J_k = dz_k/dx, z the output pre-activation, H_L the loss's Hessian in z),
 *   the same passes with every term carrying the first-order adjoint dropped. G is positive
 *   semi-definite for softmax cross-entropy and equals H where the residuals dL/dz vanish.</li>
 * </ul>
 * Exact means: no finite differences; ReLU and max pooling are treated as locally linear (their
 * second derivatives vanish almost everywhere). Examples are processed in chunks of at most
 * {@code maxChunk}; a chunk's forward pass is shared by all directions of a call, and one R-pass
 * carries a whole block of directions at once: the R-quantities of the directions are stacked along
 * the example axis ({@link Stacked}), so a dense layer's a V_j of all j is one GEMM a [V_1 ... V_b] and
 * its R{a}_j W one GEMM of the [b m, nIn] stack, and so on for every rule. Where the stacked arrays
 * of b directions over maxChunk examples would exceed {@link #STACK_ELEMENTS} elements, the chunks
 * shrink (the forward pass costs the same in total) so that all directions still share one pass,
 * down to {@link #MIN_CHUNK} examples, below which the directions are split into several passes.
 * Works in the network's data type; reads the current weights at every call, never modifies the
 * network. Not thread-safe.
 */
public final class HessianVectorProducts {

    /** Which curvature matrix the products use. */
    public enum Curvature {
        /** The Hessian of f. */
        HESSIAN,
        /** The generalized Gauss-Newton matrix J^T H_L J. */
        GAUSS_NEWTON
    }

    /**
     * The products and, with them, the mean gradient.
     *
     * @param products C V, [d, b] in the network's data type
     * @param gradient grad f = (1/N) sum_k grad f_k, [d] (the first-order pass comes for free)
     */
    public record Products(INDArray products, INDArray gradient) {
    }

    private static final String FORWARD_ID = "SGDVI_HVP_FORWARD";
    private static final String DIRECTION_ID = "SGDVI_HVP_DIRECTION";

    private final TrainableLayout layout;
    private final DataType dataType;
    private final int maxChunk;
    private final Curvature curvature;
    private final LayerRules.Plan plan;
    private final Map<String, TrainableLayout.Entry> byVariable = new HashMap<>();
    private final int firstTrainableStep;
    private final int directionsPerPass;
    private final long stackElements;
    private long width;

    /**
     * The most elements of one stacked R-quantity (b directions times the examples of a chunk times the
     * widest per-example array of a rule): 2^25, 128 MiB in float.
     */
    public static final long STACK_ELEMENTS = 1L << 25;

    /** The fewest examples per chunk that the memory budget may shrink a chunk to. */
    public static final int MIN_CHUNK = 16;

    /**
     * All directions of a call in as few R-passes as {@link #STACK_ELEMENTS} allows.
     *
     * @param net an initialized FLOAT or DOUBLE network made of supported layers (as {@link InferenceGradientEngine})
     * @param maxChunk the largest number of examples processed at once
     * @param curvature which matrix
     * @throws UnsupportedOperationException naming the first layer, activation or loss without a second-order rule
     */
    public HessianVectorProducts(MultiLayerNetwork net, int maxChunk, Curvature curvature) {
        this(net, maxChunk, curvature, 0);
    }

    /**
     * @param net an initialized FLOAT or DOUBLE network made of supported layers (as {@link InferenceGradientEngine})
     * @param maxChunk the largest number of examples processed at once
     * @param curvature which matrix
     * @param directionsPerPass the most directions one R-pass carries, chunks of maxChunk examples
     *        (1: one R-pass per direction, the reference for the batched passes); 0: chosen by {@link #STACK_ELEMENTS}
     * @throws UnsupportedOperationException naming the first layer, activation or loss without a second-order rule
     */
    public HessianVectorProducts(MultiLayerNetwork net, int maxChunk, Curvature curvature, int directionsPerPass) {
        this(net, maxChunk, curvature, directionsPerPass, STACK_ELEMENTS);
    }

    /** As the public constructors, with another element budget for the stacked R-quantities (tests). */
    HessianVectorProducts(MultiLayerNetwork net, int maxChunk, Curvature curvature, int directionsPerPass, long stackElements) {
        if (maxChunk < 1 || directionsPerPass < 0 || stackElements < 1) {
            throw new IllegalArgumentException("maxChunk = " + maxChunk + ", directionsPerPass = " + directionsPerPass
                    + ", stackElements = " + stackElements + "; expected maxChunk >= 1, directionsPerPass >= 0, stackElements >= 1");
        }
        this.directionsPerPass = directionsPerPass;
        this.stackElements = stackElements;
        InferenceGradientEngine engine = new InferenceGradientEngine(net, maxChunk);
        this.layout = engine.layout();
        this.dataType = engine.dataType();
        this.maxChunk = maxChunk;
        this.curvature = curvature;
        this.plan = LayerRules.plan(net);
        for (TrainableLayout.Entry e : layout.entries()) {
            byVariable.put(e.variable(), e);
        }
        int first = plan.steps().size();
        for (int s = plan.steps().size() - 1; s >= 0; s--) {
            if (!plan.steps().get(s).rule().trainableParams().isEmpty()) {
                first = s;
            }
        }
        this.firstTrainableStep = first;
    }

    /** d, the number of trainable weights. */
    public long dimension() {
        return layout.trainableCount();
    }

    /** The weight order. */
    public TrainableLayout layout() {
        return layout;
    }

    /** The network's data type, in which the products are computed. */
    public DataType dataType() {
        return dataType;
    }

    /** The matrix the products use. */
    public Curvature curvature() {
        return curvature;
    }

    /**
     * C V over the N examples given, C = H or G (see {@link Curvature}), and grad f.
     *
     * @param features [N, ...] as the network takes them
     * @param labels one-hot [N, classes]
     * @param directions V, [d, b]
     */
    public Products apply(INDArray features, INDArray labels, INDArray directions) {
        long n = features.size(0);
        long d = dimension();
        if (directions.rank() != 2 || directions.rows() != d) {
            throw new IllegalArgumentException("directions have shape " + java.util.Arrays.toString(directions.shape())
                    + "; expected [" + d + ", b]");
        }
        if (labels.rank() != 2 || labels.size(0) != n) {
            throw new IllegalArgumentException("labels have shape " + java.util.Arrays.toString(labels.shape())
                    + "; expected [" + n + ", classes]");
        }
        int b = (int) directions.columns();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = features.castTo(dataType);
            INDArray y = labels.castTo(dataType);
            INDArray v = directions.transpose().castTo(dataType).dup('c'); // [b, d], row j = direction j
            INDArray out = Nd4j.zeros(dataType, b, d);
            INDArray gradient = Nd4j.zeros(dataType, 1, d);
            Split split = split(x, b);
            int chunk = split.chunk();
            int group = split.directionsPerPass();
            for (long start = 0; start < n; start += chunk) {
                long end = Math.min(n, start + chunk);
                try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(InferenceGradientEngine.WORKSPACE, FORWARD_ID)) {
                    INDArray xc = InferenceGradientEngine.slice(x, start, end);
                    INDArray yc = InferenceGradientEngine.slice(y, start, end);
                    forward(xc);
                    for (int j = 0; j < b; j += group) {
                        int j1 = Math.min(b, j + group);
                        try (MemoryWorkspace inner = Nd4j.getWorkspaceManager().getAndActivateWorkspace(InferenceGradientEngine.WORKSPACE, DIRECTION_ID)) {
                            GradientBlocks block = new GradientBlocks(rows(v, j, j1), byVariable);
                            GradientBlocks product = new GradientBlocks(rows(out, j, j1), byVariable);
                            boolean first = j == 0 && curvature == Curvature.HESSIAN;
                            rPass(xc, yc, block, first ? new GradientBlocks(gradient, byVariable) : null, product,
                                    curvature == Curvature.GAUSS_NEWTON);
                        }
                    }
                    release();
                }
            }
            if (b == 0 || curvature == Curvature.GAUSS_NEWTON) {
                // the Gauss-Newton passes carry no first-order adjoint: one exact pass for the gradient
                gradient.assign(meanGradient(x, y));
            }
            return new Products(out.divi((double) n).transpose().dup('c'), gradient.divi((double) n).reshape(d));
        }
    }

    /**
     * How one call splits its work.
     *
     * @param chunk             the examples per chunk
     * @param directionsPerPass the directions one R-pass carries
     */
    record Split(int chunk, int directionsPerPass) {
    }

    /**
     * The split for b directions over {@code x}: all of them in one pass over chunks of maxChunk examples while the
     * stack fits the element budget ({@link #STACK_ELEMENTS} unless constructed with another), else smaller chunks
     * (at least {@link #MIN_CHUNK}), else several passes per chunk.
     */
    Split split(INDArray x, int b) {
        if (directionsPerPass > 0) {
            return new Split(maxChunk, Math.max(1, Math.min(b, directionsPerPass)));
        }
        long rows = Math.max(1, stackElements / stackWidth(x)); // stacked rows b m that fit the budget
        long bb = Math.max(1, b);
        if (bb * maxChunk <= rows) {
            return new Split(maxChunk, (int) bb);
        }
        int chunk = (int) Math.max(Math.min(maxChunk, MIN_CHUNK), Math.min(maxChunk, rows / bb));
        return new Split(chunk, (int) Math.max(1, Math.min(bb, rows / chunk)));
    }

    /** The elements per stacked row of the budget: the widest per-example array of the passes (measured once). */
    long stackWidth(INDArray x) {
        if (width == 0) {
            width = measureWidth(x.castTo(dataType));
        }
        return width;
    }

    /** The widest per-example array of the passes (activations and a convolution's receptive fields), by one example. */
    private long measureWidth(INDArray x) {
        long widest = 1;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(InferenceGradientEngine.WORKSPACE, FORWARD_ID)) {
            INDArray a = InferenceGradientEngine.slice(x, 0, 1);
            widest = Math.max(widest, a.length());
            for (LayerRules.Step step : plan.steps()) {
                a = step.rule().forward(a);
                widest = Math.max(widest, Math.max(a.length(), step.rule().workWidth()));
            }
            release();
        }
        return widest;
    }

    /** sum_k grad f_k through the R-pass machinery with a zero direction. */
    private INDArray meanGradient(INDArray x, INDArray y) {
        INDArray sum = Nd4j.zeros(dataType, 1, dimension());
        INDArray scratch = Nd4j.zeros(dataType, 1, dimension());
        INDArray zero = Nd4j.zeros(dataType, 1, dimension());
        for (long start = 0; start < x.size(0); start += maxChunk) {
            long end = Math.min(x.size(0), start + maxChunk);
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(InferenceGradientEngine.WORKSPACE, FORWARD_ID)) {
                INDArray xc = InferenceGradientEngine.slice(x, start, end);
                forward(xc);
                rPass(xc, InferenceGradientEngine.slice(y, start, end), new GradientBlocks(zero, byVariable), new GradientBlocks(sum, byVariable),
                        new GradientBlocks(scratch, byVariable), false);
                release();
            }
        }
        return sum;
    }

    private void forward(INDArray x) {
        INDArray a = x;
        for (LayerRules.Step step : plan.steps()) {
            a = step.rule().forward(a);
        }
        plan.output().forward(a);
    }

    private void rPass(INDArray x, INDArray y, GradientBlocks direction, GradientBlocks gradient, GradientBlocks product,
                       boolean gaussNewton) {
        long[] shape = x.shape().clone();
        shape[0] *= direction.examples(); // the b directions' R{x} = 0 stacked as [b m, ...]
        INDArray r = Nd4j.zeros(dataType, shape);
        for (LayerRules.Step step : plan.steps()) {
            r = step.rule().forwardR(r, direction);
        }
        plan.output().forwardR(r, direction);
        List<LayerRules.Step> steps = plan.steps();
        INDArray[] errors = plan.output().backwardR(y, direction, gradient, product, firstTrainableStep < steps.size(),
                gaussNewton);
        for (int s = steps.size() - 1; s >= firstTrainableStep; s--) {
            errors = steps.get(s).rule().backwardR(errors[0], errors[1], direction, gradient, product, s > firstTrainableStep);
        }
    }

    private void release() {
        for (LayerRules.Step step : plan.steps()) {
            step.rule().release();
        }
        plan.output().release();
    }

    private static INDArray rows(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }
}
