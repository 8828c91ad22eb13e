package org.sgdvi.core.gradients;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.sgdvi.core.models.TrainableLayout;
import org.sgdvi.core.train.PlainMomentum;

/**
 * The architecture dense(p -&gt; h) -&gt; BatchNorm(h) -&gt; ReLU -&gt; dense(h -&gt; c) + softmax
 * cross-entropy (the zoo's tiny-fc and small-fc, networks of the paper's experiments), recognised in a DL4J
 * network, and the transfer of its state between DL4J and flat float arrays.
 *
 * <p>The trainable vector x in R^d follows {@link TrainableLayout}: W1 [p, h] row-major (entry
 * (i, j) at i h + j), b1 [h], gamma [h], beta [h], W2 [h, c] row-major, b2 [c]; d = p h + 3 h + h c + c.
 * The running statistics are the mean and the variance (DL4J may store log10 of the standard
 * deviation; converted). Momentum buffers are read from and written to DL4J's updater state in
 * the same order.
 *
 * <p>Supported: float32 networks, identity activation on the first dense layer, BatchNorm with
 * trainable gamma/beta, a ReLU activation layer, an output layer with softmax and
 * {@link LossMCXENT} without class weights, biases everywhere; no dropout, weight noise,
 * regularization or gradient normalization; one updater for all trainable weights, either
 * {@link PlainMomentum} or {@link Sgd}. {@link #unsupportedReason} says what else it found.
 */
public final class DenseBnReluSoftmax {

    private final int inputs;
    private final int hidden;
    private final int classes;
    private final double eps;
    private final double decay;
    private final boolean logStd;
    private final IUpdater updater;

    private DenseBnReluSoftmax(int inputs, int hidden, int classes, double eps, double decay, boolean logStd,
                               IUpdater updater) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.classes = classes;
        this.eps = eps;
        this.decay = decay;
        this.logStd = logStd;
        this.updater = updater;
    }

    /**
     * The architecture of {@code net}.
     *
     * @throws IllegalArgumentException naming the layer and the setting that is not supported
     */
    public static DenseBnReluSoftmax of(MultiLayerNetwork net) {
        String reason = unsupportedReason(net);
        if (reason != null) {
            throw new IllegalArgumentException("the fused engine does not support this network: " + reason);
        }
        DenseLayer d1 = (DenseLayer) net.getLayer(0).conf().getLayer();
        BatchNormalization bn = (BatchNormalization) net.getLayer(1).conf().getLayer();
        OutputLayer out = (OutputLayer) net.getLayer(3).conf().getLayer();
        return new DenseBnReluSoftmax((int) d1.getNIn(), (int) d1.getNOut(), (int) out.getNOut(), bn.getEps(),
                bn.getDecay(), bn.isUseLogStd(), d1.getUpdaterByParam("W"));
    }

    /** Null if {@code net} has this architecture and supported settings, otherwise why not. */
    public static String unsupportedReason(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        if (layers.length != 4) {
            return "it has " + layers.length + " layers, expected 4 (dense, BatchNorm, ReLU, output)";
        }
        if (net.getLayerWiseConfigurations().getDataType() != DataType.FLOAT) {
            return "data type " + net.getLayerWiseConfigurations().getDataType() + ", expected FLOAT";
        }
        if (net.getLayerWiseConfigurations().getInputPreProcessors() != null
                && !net.getLayerWiseConfigurations().getInputPreProcessors().isEmpty()) {
            return "it has input preprocessors " + net.getLayerWiseConfigurations().getInputPreProcessors();
        }
        var c0 = layers[0].conf().getLayer();
        var c1 = layers[1].conf().getLayer();
        var c2 = layers[2].conf().getLayer();
        var c3 = layers[3].conf().getLayer();
        if (!(c0 instanceof DenseLayer d1) || !(d1.getActivationFn() instanceof ActivationIdentity) || !d1.hasBias()
                || d1.hasLayerNorm()) {
            return "layer 0 must be a dense layer with bias, identity activation and no layer norm, got " + c0;
        }
        if (!(c1 instanceof BatchNormalization bn) || bn.isLockGammaBeta()
                || !(bn.getActivationFn() == null || bn.getActivationFn() instanceof ActivationIdentity)
                || bn.getNOut() != d1.getNOut()) {
            return "layer 1 must be BatchNorm with trainable gamma/beta over layer 0's outputs, got " + c1;
        }
        if (!(c2 instanceof ActivationLayer act) || !new ActivationReLU().equals(act.getActivationFn())) {
            return "layer 2 must be a plain ReLU activation layer, got " + c2;
        }
        if (!(c3 instanceof OutputLayer out) || !(out.getActivationFn() instanceof ActivationSoftmax)
                || !(out.getLossFn() instanceof LossMCXENT loss) || loss.getWeights() != null || !out.hasBias()
                || out.getNIn() != d1.getNOut()) {
            return "layer 3 must be a softmax output layer with unweighted MCXENT loss and bias, got " + c3;
        }
        IUpdater first = d1.getUpdaterByParam("W");
        if (!(first instanceof PlainMomentum) && !(first instanceof Sgd)) {
            return "updater " + first + ", expected PlainMomentum or Sgd";
        }
        for (int i = 0; i < 4; i++) {
            var conf = layers[i].conf().getLayer();
            if (conf.getIDropout() != null) {
                return "layer " + i + " has dropout " + conf.getIDropout();
            }
            if (conf instanceof BaseLayer base) {
                if (base.getWeightNoise() != null) {
                    return "layer " + i + " has weight noise";
                }
                if (!base.getRegularization().isEmpty() || !base.getRegularizationBias().isEmpty()) {
                    return "layer " + i + " has regularization " + base.getRegularization() + " "
                            + base.getRegularizationBias();
                }
                if (base.getGradientNormalization() != null
                        && base.getGradientNormalization() != GradientNormalization.None) {
                    return "layer " + i + " has gradient normalization " + base.getGradientNormalization();
                }
            }
            for (String key : layers[i].paramTable().keySet()) {
                if (TrainableLayout.isTrainable(key) && !first.equals(conf.getUpdaterByParam(key))) {
                    return "parameter " + i + "_" + key + " uses updater " + conf.getUpdaterByParam(key)
                            + ", expected the same as 0_W (" + first + ")";
                }
            }
        }
        return null;
    }

    /** p, the input size. */
    public int inputs() {
        return inputs;
    }

    /** h, the hidden width. */
    public int hidden() {
        return hidden;
    }

    /** c, the number of classes. */
    public int classes() {
        return classes;
    }

    /** BatchNorm's epsilon. */
    public double eps() {
        return eps;
    }

    /** BatchNorm's running-statistics decay: stat &lt;- decay stat + (1 - decay) batch statistic. */
    public double decay() {
        return decay;
    }

    /** The updater every trainable weight uses. */
    public IUpdater updater() {
        return updater;
    }

    /** Momentum mu of the updater (0 for plain SGD). */
    public double momentum() {
        return updater instanceof PlainMomentum p ? p.getMomentum() : 0.0;
    }

    /** d, the number of trainable weights. */
    public int dimension() {
        return offsetB2() + classes;
    }

    /** Offset of W1 in x (0). */
    public int offsetW1() {
        return 0;
    }

    /** Offset of b1 in x. */
    public int offsetB1() {
        return inputs * hidden;
    }

    /** Offset of gamma in x. */
    public int offsetGamma() {
        return offsetB1() + hidden;
    }

    /** Offset of beta in x. */
    public int offsetBeta() {
        return offsetGamma() + hidden;
    }

    /** Offset of W2 in x. */
    public int offsetW2() {
        return offsetBeta() + hidden;
    }

    /** Offset of b2 in x. */
    public int offsetB2() {
        return offsetW2() + hidden * classes;
    }

    /** The trainable weights x of {@code net}, length d. */
    public float[] readWeights(MultiLayerNetwork net) {
        return TrainableLayout.of(net).gather(net, DataType.FLOAT).toFloatVector();
    }

    /** Writes x into {@code net}. */
    public void writeWeights(float[] x, MultiLayerNetwork net) {
        TrainableLayout.of(net).scatter(Nd4j.createFromArray(x), net);
    }

    /** BatchNorm's running mean, length h. */
    public float[] readRunningMean(MultiLayerNetwork net) {
        return net.getLayer(1).getParam("mean").castTo(DataType.FLOAT).toFloatVector();
    }

    /** BatchNorm's running variance, length h (converted from log10 std when DL4J stores that). */
    public float[] readRunningVariance(MultiLayerNetwork net) {
        float[] v;
        if (logStd) {
            v = net.getLayer(1).getParam("log10stdev").castTo(DataType.FLOAT).toFloatVector();
            for (int j = 0; j < v.length; j++) {
                double std = Math.pow(10.0, v[j]);
                v[j] = (float) (std * std);
            }
        } else {
            v = net.getLayer(1).getParam("var").castTo(DataType.FLOAT).toFloatVector();
        }
        return v;
    }

    /** Writes the running mean and variance into {@code net}. */
    public void writeRunningStatistics(float[] mean, float[] variance, MultiLayerNetwork net) {
        INDArray m = net.getLayer(1).getParam("mean");
        m.assign(Nd4j.createFromArray(mean).reshape(m.shape()));
        if (logStd) {
            float[] s = new float[variance.length];
            for (int j = 0; j < s.length; j++) {
                s[j] = (float) Math.log10(Math.sqrt(variance[j]));
            }
            INDArray p = net.getLayer(1).getParam("log10stdev");
            p.assign(Nd4j.createFromArray(s).reshape(p.shape()));
        } else {
            INDArray p = net.getLayer(1).getParam("var");
            p.assign(Nd4j.createFromArray(variance).reshape(p.shape()));
        }
    }

    /**
     * The momentum buffers u (PlainMomentum's state, in x's order), length d; zeros for plain SGD.
     * DL4J's updater state mirrors the flat parameter vector block by block, so the buffers are
     * read by briefly placing them in the parameter vector and gathering as for x.
     */
    public float[] readMomentum(MultiLayerNetwork net) {
        if (!(updater instanceof PlainMomentum)) {
            return new float[dimension()];
        }
        INDArray saved = net.params().dup();
        try {
            INDArray flat = saved.dup().reshape(1, -1);
            forEachBlock(net, (paramRange, stateRange) -> flat.get(NDArrayIndex.point(0), paramRange)
                    .assign(state(net).get(NDArrayIndex.point(0), stateRange)));
            net.setParams(flat);
            return readWeights(net);
        } finally {
            net.setParams(saved);
        }
    }

    /** Writes momentum buffers u (in x's order) into {@code net}'s updater state. */
    public void writeMomentum(float[] u, MultiLayerNetwork net) {
        if (!(updater instanceof PlainMomentum)) {
            return;
        }
        INDArray saved = net.params().dup();
        INDArray flat;
        try {
            writeWeights(u, net);
            flat = net.params().dup().reshape(1, -1);
        } finally {
            net.setParams(saved);
        }
        forEachBlock(net, (paramRange, stateRange) -> state(net).get(NDArrayIndex.point(0), stateRange)
                .assign(flat.get(NDArrayIndex.point(0), paramRange)));
    }

    private static INDArray state(MultiLayerNetwork net) {
        return net.getUpdater(true).getStateViewArray().reshape(1, -1);
    }

    private interface BlockVisitor {
        void visit(org.nd4j.linalg.indexing.INDArrayIndex paramRange, org.nd4j.linalg.indexing.INDArrayIndex stateRange);
    }

    private static void forEachBlock(MultiLayerNetwork net, BlockVisitor visitor) {
        Updater u = net.getUpdater(true);
        if (!(u instanceof BaseMultiLayerUpdater<?> multi)) {
            throw new IllegalStateException("unexpected DL4J updater " + u.getClass().getName());
        }
        List<UpdaterBlock> blocks = multi.getUpdaterBlocks();
        for (UpdaterBlock b : blocks) {
            int n = b.getUpdaterViewOffsetEnd() - b.getUpdaterViewOffsetStart();
            if (n == 0) {
                continue;
            }
            if (n != b.getParamOffsetEnd() - b.getParamOffsetStart()) {
                throw new IllegalStateException("updater block " + b + ": state size " + n
                        + " differs from its parameter count; expected one buffer value per parameter");
            }
            visitor.visit(NDArrayIndex.interval(b.getParamOffsetStart(), b.getParamOffsetEnd()),
                    NDArrayIndex.interval(b.getUpdaterViewOffsetStart(), b.getUpdaterViewOffsetEnd()));
        }
    }

    @Override
    public String toString() {
        return "dense(" + inputs + "->" + hidden + "), BN, ReLU, dense(" + hidden + "->" + classes + "), softmax; "
                + updater;
    }
}
