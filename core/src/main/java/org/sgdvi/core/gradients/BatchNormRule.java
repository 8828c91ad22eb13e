package org.sgdvi.core.gradients;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalization in inference mode, per channel c (dimension 1 of [m, C] or NCHW input):
 * xhat = (a - mu_c) / sqrt(v_c + eps), y = gamma_c xhat + beta_c, with the RUNNING mean mu and
 * variance v (DL4J stores v directly, or log10 of the standard deviation, v = (10^s)^2). In this
 * mode y is an affine map of a, so per example: dL_k/dgamma_c = sum over positions of delta_k xhat_k,
 * dL_k/dbeta_c = sum over positions of delta_k, dL_k/da = delta_k gamma_c / sqrt(v_c + eps).
 * DL4J applies no activation function in this layer, and neither does the rule.
 */
final class BatchNormRule implements LayerRule {

    private final int layerIndex;
    private final Layer layer;
    private final BatchNormalization conf;
    private INDArray input;
    private INDArray mean;
    private INDArray std;
    private INDArray scale;
    private INDArray rInput;

    BatchNormRule(int layerIndex, Layer layer, BatchNormalization conf) {
        this.layerIndex = layerIndex;
        this.layer = layer;
        this.conf = conf;
        if (conf.getCnn2DFormat() != CNN2DFormat.NCHW) {
            throw new UnsupportedOperationException("layer " + layerIndex + " (" + conf.getLayerName()
                    + ", BatchNormalization): data format " + conf.getCnn2DFormat() + " is not supported; expected NCHW");
        }
    }

    private INDArray runningStd(INDArray like) {
        INDArray var;
        if (conf.isUseLogStd()) {
            INDArray log10Std = layer.getParam("log10stdev").castTo(like.dataType());
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, like.dataType()), log10Std, false);
            var = std.muli(std);
        } else {
            var = layer.getParam("var").castTo(like.dataType()).dup();
        }
        return Transforms.sqrt(var.addi(conf.getEps()), false).reshape(var.length());
    }

    private INDArray channelParam(String key, double lockedValue, long channels, INDArray like) {
        if (conf.isLockGammaBeta()) {
            return Nd4j.valueArrayOf(new long[] {channels}, lockedValue, like.dataType());
        }
        return layer.getParam(key).reshape(channels);
    }

    @Override
    public INDArray forward(INDArray in) {
        if (in.rank() != 2 && in.rank() != 4) {
            throw new IllegalArgumentException("layer " + layerIndex + " (BatchNormalization): input of rank "
                    + in.rank() + "; expected rank 2 [m, C] or 4 [m, C, H, W]");
        }
        long channels = in.size(1);
        input = in;
        mean = layer.getParam("mean").reshape(channels).castTo(in.dataType());
        std = runningStd(in);
        INDArray gamma = channelParam("gamma", conf.getGamma(), channels, in);
        INDArray beta = channelParam("beta", conf.getBeta(), channels, in);
        scale = gamma.div(std);
        INDArray shift = beta.sub(mean.mul(scale));
        INDArray out = Nd4j.createUninitialized(in.dataType(), in.shape(), 'c');
        if (ChannelLoops.applies(in, out)) { // gamma (a - mu) / std + beta as one pass
            ChannelLoops.affine(in, scale.toFloatVector(), shift.toFloatVector(), out);
            return out;
        }
        Nd4j.exec(new BroadcastMulOp(in, scale, out, 1));
        Nd4j.exec(new BroadcastAddOp(out, shift, out, 1)); // gamma (a - mu) / std + beta
        return out;
    }

    @Override
    public INDArray backward(INDArray outputError, GradientBlocks gradients, boolean needInputError) {
        long channels = input.size(1);
        if (ChannelLoops.applies(outputError, input)) {
            INDArray inputError = needInputError
                    ? Nd4j.createUninitialized(outputError.dataType(), outputError.shape(), 'c') : null;
            boolean trainable = !conf.isLockGammaBeta();
            ChannelLoops.batchNormBackward(outputError, input, mean.toFloatVector(), std.toFloatVector(), scale.toFloatVector(),
                    trainable ? gradients.block(layerIndex, "gamma", channels) : null,
                    trainable ? gradients.block(layerIndex, "beta", channels) : null, inputError);
            return inputError;
        }
        if (!conf.isLockGammaBeta()) {
            // sum over positions of delta * xhat = (sum delta * a - mu * sum delta) / std
            INDArray deltaTimesInput = outputError.mul(input);
            INDArray dBeta = outputError;
            if (outputError.rank() == 4) {
                deltaTimesInput = deltaTimesInput.sum(2, 3);
                dBeta = outputError.sum(2, 3);
            }
            INDArray dGamma = deltaTimesInput.subi(dBeta.mulRowVector(mean)).diviRowVector(std);
            gradients.block(layerIndex, "gamma", channels).assign(dGamma);
            gradients.block(layerIndex, "beta", channels).assign(dBeta);
        }
        if (!needInputError) {
            return null;
        }
        INDArray inputError = Nd4j.createUninitialized(outputError.dataType(), outputError.shape(), 'c');
        Nd4j.exec(new BroadcastMulOp(outputError, scale, inputError, 1));
        return inputError;
    }

    /**
     * R{y}_j = (gamma/std) R{a}_j + (v_gamma,j/std) (a - mu) + v_beta,j for b directions stacked as in
     * {@link Stacked}: the direction terms of all j are two broadcasts over [b, m, C, positions].
     */
    @Override
    public INDArray forwardR(INDArray rIn, GradientBlocks direction) {
        rInput = rIn;
        INDArray out = Nd4j.createUninitialized(rIn.dataType(), rIn.shape(), 'c');
        Nd4j.exec(new BroadcastMulOp(rIn, scale, out, 1));
        if (!conf.isLockGammaBeta()) {
            long channels = input.size(1);
            long b = Stacked.directions(rIn, input);
            INDArray vGammaOverStd = direction.block(layerIndex, "gamma", channels).dup('c').diviRowVector(std); // [b, C]
            INDArray vBeta = direction.block(layerIndex, "beta", channels).dup('c');
            INDArray term = byDirection(Stacked.tile(centred(), b), b);
            Nd4j.exec(new BroadcastMulOp(term, vGammaOverStd, term, 0, 2));
            Nd4j.exec(new BroadcastAddOp(term, vBeta, term, 0, 2));
            byDirection(out, b).addi(term);
        }
        return out;
    }

    /** a - mu, [m, C, ...]. */
    private INDArray centred() {
        INDArray centred = input.dup('c');
        Nd4j.exec(new BroadcastAddOp(centred, mean.neg(), centred, 1));
        return centred;
    }

    /** A C-order stack [b m, C, ...] seen as [b, m, C, positions] (a view). */
    private INDArray byDirection(INDArray stacked, long b) {
        long m = input.size(0);
        long channels = input.size(1);
        return stacked.reshape('c', b, m, channels, input.length() / (m * channels));
    }

    /**
     * dL/da = (gamma/std) e, R{dL/da}_j = (gamma/std) R{e}_j + (v_gamma,j/std) e; summed over examples and
     * positions, dL/dgamma = sum e (a - mu)/std, R{.}_j = sum (R{e}_j (a - mu) + e R{a}_j)/std,
     * dL/dbeta = sum e, R{.}_j = sum R{e}_j; e and a are per example, R{e}, R{a} stacked over b directions.
     */
    @Override
    public INDArray[] backwardR(INDArray outputError, INDArray rOutputError, GradientBlocks direction,
                                GradientBlocks gradient, GradientBlocks rGradient, boolean needInputError) {
        long channels = input.size(1);
        long b = Stacked.directions(rOutputError, input);
        if (!conf.isLockGammaBeta()) {
            INDArray centred = centred();
            INDArray rGamma = channelSums(Stacked.times(rOutputError, centred), b);
            if (outputError != null) {
                rGamma.addi(channelSums(Stacked.times(rInput, outputError), b));
                if (gradient != null) {
                    gradient.parameter(layerIndex, "gamma", channels).addi(channelSum(outputError.mul(centred)).divi(std));
                    gradient.parameter(layerIndex, "beta", channels).addi(channelSum(outputError));
                }
            }
            rGradient.block(layerIndex, "gamma", channels).addi(rGamma.diviRowVector(std));
            rGradient.block(layerIndex, "beta", channels).addi(channelSums(rOutputError, b));
        }
        if (!needInputError) {
            return null;
        }
        INDArray rError = Nd4j.createUninitialized(rOutputError.dataType(), rOutputError.shape(), 'c');
        Nd4j.exec(new BroadcastMulOp(rOutputError, scale, rError, 1));
        INDArray error = null;
        if (outputError != null) {
            error = Nd4j.createUninitialized(outputError.dataType(), outputError.shape(), 'c');
            Nd4j.exec(new BroadcastMulOp(outputError, scale, error, 1));
            if (!conf.isLockGammaBeta()) {
                INDArray vGammaOverStd = direction.block(layerIndex, "gamma", channels).dup('c').diviRowVector(std);
                INDArray term = byDirection(Stacked.tile(outputError, b), b);
                Nd4j.exec(new BroadcastMulOp(term, vGammaOverStd, term, 0, 2));
                byDirection(rError, b).addi(term);
            }
        }
        return new INDArray[] {error, rError};
    }

    /** The per-direction sums over examples (and positions) per channel of a stack, [b, C]. */
    private INDArray channelSums(INDArray stacked, long b) {
        return byDirection(stacked.dup('c'), b).sum(1, 3);
    }

    /** The sum over examples (and spatial positions) per channel, [C]. */
    private static INDArray channelSum(INDArray a) {
        return a.rank() == 4 ? a.sum(0, 2, 3) : a.sum(0);
    }

    @Override
    public List<String> trainableParams() {
        List<String> keys = new ArrayList<>();
        if (!conf.isLockGammaBeta()) {
            keys.add("gamma");
            keys.add("beta");
        }
        return keys;
    }

    @Override
    public void release() {
        input = null;
        mean = null;
        std = null;
        scale = null;
        rInput = null;
    }
}
