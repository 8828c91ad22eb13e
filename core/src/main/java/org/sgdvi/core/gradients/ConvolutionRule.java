package org.sgdvi.core.gradients;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D convolution (NCHW) z = W * a + b, W of DL4J shape [nOut, nIn, kH, kW], followed by the
 * layer's activation. With im2col, cols_k is the matrix of example k's receptive fields
 * (as im2col lays it out: [K, P], K = nIn*kH*kW, P = oH*oW output positions), so z_k = W2 cols_k
 * with W2 = W as [nOut, K]. With delta_k = dL_k/dz_k as [nOut, P]:
 * dL_k/dW = delta_k cols_k^T (one batched matrix product over the examples; [nOut, K] is W's
 * C-order flattening), dL_k/db = sum over positions of delta_k, and the input error is col2im of
 * W2^T delta_k. Padding, stride, dilation and {@link ConvolutionMode} (Same or Truncate/Strict)
 * follow DL4J's own rules ({@link ConvolutionUtils}).
 */
final class ConvolutionRule implements LayerRule {

    private final int layerIndex;
    private final Layer layer;
    private final ConvolutionLayer conf;
    private final IActivation activation;
    private final boolean hasBias;
    private long[] inputShape;
    private int[] outSize;
    private int[] pad;
    private INDArray cols;
    private INDArray preActivation;
    private INDArray rCols;
    private INDArray rPreActivation;
    /** im2col and col2im of the last input geometry (FLOAT inputs), kept across chunks. */
    private ReceptiveFields fields;

    ConvolutionRule(int layerIndex, Layer layer, ConvolutionLayer conf) {
        this.layerIndex = layerIndex;
        this.layer = layer;
        this.conf = conf;
        this.activation = conf.getActivationFn();
        this.hasBias = conf.hasBias();
        if (conf.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw new UnsupportedOperationException("layer " + layerIndex + " (" + conf.getLayerName()
                    + ", ConvolutionLayer): data format " + conf.getCnn2dDataFormat() + " is not supported; expected NCHW");
        }
        if (conf.getConvolutionMode() == ConvolutionMode.Causal) {
            throw new UnsupportedOperationException("layer " + layerIndex + " (" + conf.getLayerName()
                    + ", ConvolutionLayer): ConvolutionMode.Causal is not supported for 2-D convolutions");
        }
    }

    @Override
    public INDArray forward(INDArray x) {
        inputShape = x.shape();
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] d = conf.getDilation();
        boolean same = conf.getConvolutionMode() == ConvolutionMode.Same;
        if (same) {
            outSize = ConvolutionUtils.getOutputSize(x, k, s, null, conf.getConvolutionMode(), d, CNN2DFormat.NCHW);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {(int) x.size(2), (int) x.size(3)}, k, s, d);
        } else {
            pad = conf.getPadding();
            outSize = ConvolutionUtils.getOutputSize(x, k, s, pad, conf.getConvolutionMode(), d, CNN2DFormat.NCHW);
        }
        long m = x.size(0);
        long p = (long) outSize[0] * outSize[1];
        long kk = x.size(1) * k[0] * k[1];
        cols = im2col(x);
        INDArray w2 = weights2d(kk);
        long nOut = w2.size(0);
        INDArray z = Nd4j.createUninitialized(x.dataType(), new long[] {m, nOut, p}, 'c');
        BatchedGemm.multiply(w2, false, cols, false, z); // z_k = W2 cols_k, [nOut, P]
        if (hasBias && ChannelLoops.applies(z)) {
            ChannelLoops.affine(z, null, layer.getParam("b").toFloatVector(), z);
        } else if (hasBias) {
            Nd4j.exec(new BroadcastAddOp(z, layer.getParam("b").reshape(nOut), z, 1));
        }
        preActivation = z.reshape('c', m, nOut, outSize[0], outSize[1]);
        return Activations.apply(activation, preActivation);
    }

    /** The receptive fields of every example, in im2col's own layout [m, c, kH, kW, oH, oW] seen as [m, K, P]. */
    private INDArray im2col(INDArray x) {
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] d = conf.getDilation();
        boolean same = conf.getConvolutionMode() == ConvolutionMode.Same;
        long m = x.size(0);
        long c = x.size(1);
        INDArray colBuffer = Nd4j.createUninitialized(x.dataType(), new long[] {m, c, k[0], k[1], outSize[0], outSize[1]}, 'c');
        if (ReceptiveFields.applies(x, colBuffer.length() / Math.max(1, m))) {
            if (fields == null || !fields.fits(x.shape())) {
                fields = new ReceptiveFields(c, x.size(2), x.size(3), k, s, pad, d, outSize);
            }
            fields.gather(x, colBuffer);
        } else {
            Convolution.im2col(x, k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1], same, colBuffer);
        }
        return colBuffer.reshape('c', m, c * k[0] * k[1], (long) outSize[0] * outSize[1]);
    }

    /** The input error of column errors [m, K, P] (or a stack [b m, K, P]): col2im, shaped as the last input. */
    private INDArray col2im(INDArray dCols) {
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] d = conf.getDilation();
        INDArray dCols6 = dCols.reshape('c', dCols.size(0), inputShape[1], k[0], k[1], outSize[0], outSize[1]);
        long[] shape = inputShape.clone();
        shape[0] = dCols.size(0); // m examples, or b m stacked R-quantities
        if (fields != null && fields.fits(inputShape) && ReceptiveFields.applies(dCols, dCols.length() / Math.max(1, dCols.size(0)))) {
            INDArray inputError = Nd4j.createUninitialized(dCols.dataType(), shape, 'c');
            fields.scatter(dCols, inputError);
            return inputError;
        }
        INDArray inputError = Nd4j.create(dCols.dataType(), shape, 'c');
        Convolution.col2im(dCols6, inputError, s[0], s[1], pad[0], pad[1], (int) inputShape[2], (int) inputShape[3],
                d[0], d[1]);
        return inputError;
    }

    private INDArray weights2d(long kk) {
        INDArray w = layer.getParam("W");
        return w.reshape('c', w.size(0), kk);
    }

    @Override
    public INDArray backward(INDArray outputError, GradientBlocks gradients, boolean needInputError) {
        INDArray delta = Activations.backprop(activation, preActivation, outputError);
        long m = delta.size(0);
        long nOut = delta.size(1);
        long p = (long) outSize[0] * outSize[1];
        long kk = cols.size(1);
        INDArray delta3 = (ChannelLoops.contiguous(delta) ? delta : delta.dup('c')).reshape('c', m, nOut, p);
        INDArray dW = gradients.block(layerIndex, "W", nOut, kk);
        BatchedGemm.multiply(delta3, false, cols, true, dW); // dW_k = delta_k cols_k^T, [nOut, K]
        if (hasBias) {
            INDArray db = gradients.block(layerIndex, "b", nOut);
            if (ChannelLoops.applies(delta3)) {
                ChannelLoops.channelSums(delta3, db);
            } else {
                db.assign(delta3.sum(2));
            }
        }
        if (!needInputError) {
            return null;
        }
        INDArray dCols = Nd4j.createUninitialized(delta.dataType(), new long[] {m, kk, p}, 'c');
        BatchedGemm.multiply(weights2d(kk), true, delta3, false, dCols); // W2^T delta_k, [K, P]
        return col2im(dCols);
    }

    /**
     * For b directions stacked as in {@link Stacked}: R{z}_jk = W2 R{cols}_jk + V2_j cols_k + v_b,j
     * (R{cols} = im2col of R{a}), R{y} = sigma'(z) R{z}. W2 R{cols} is one batched product over the
     * b m stacked examples; the V terms of all directions are one [b nOut, K] x [K, P] product per example.
     */
    @Override
    public INDArray forwardR(INDArray rIn, GradientBlocks direction) {
        long m = cols.size(0);
        long kk = cols.size(1);
        long p = cols.size(2);
        long b = Stacked.directions(rIn, cols);
        rCols = im2col(rIn); // [b m, K, P]
        INDArray w2 = weights2d(kk);
        long nOut = w2.size(0);
        INDArray rz = Nd4j.createUninitialized(rIn.dataType(), new long[] {b * m, nOut, p}, 'c');
        BatchedGemm.multiply(w2, false, rCols, false, rz);
        INDArray v2 = direction.block(layerIndex, "W", nOut, kk).dup('c').reshape('c', b * nOut, kk);
        INDArray fromV = Nd4j.createUninitialized(rIn.dataType(), new long[] {m, b * nOut, p}, 'c');
        BatchedGemm.multiply(v2, false, cols, false, fromV); // [V2_1; ...; V2_b] cols_k
        INDArray rz4 = rz.reshape('c', b, m, nOut, p);
        rz4.addi(fromV.reshape('c', m, b, nOut, p).permute(1, 0, 2, 3));
        if (hasBias) {
            Nd4j.exec(new BroadcastAddOp(rz4, direction.block(layerIndex, "b", nOut).dup('c'), rz4, 0, 2));
        }
        rPreActivation = rz.reshape('c', b * m, nOut, outSize[0], outSize[1]);
        return Activations.derivativeTimes(activation, preActivation, rPreActivation);
    }

    /**
     * delta = sigma'(z) e, R{delta} = sigma''(z) R{z} e + sigma'(z) R{e}; summed over examples,
     * dL/dW2 = sum_k delta_k cols_k^T, R{.}_j = sum_k (R{delta}_jk cols_k^T + delta_k R{cols}_jk^T);
     * dL/da = col2im(W2^T delta), R{dL/da}_j = col2im(W2^T R{delta}_j + V2_j^T delta). The weight terms of
     * all b directions are one GEMM each over the examples' positions.
     */
    @Override
    public INDArray[] backwardR(INDArray outputError, INDArray rOutputError, GradientBlocks direction,
                                GradientBlocks gradient, GradientBlocks rGradient, boolean needInputError) {
        long m = cols.size(0);
        long kk = cols.size(1);
        long p = cols.size(2);
        long b = Stacked.directions(rOutputError, cols);
        INDArray[] deltas = Activations.adjointsR(activation, preActivation, rPreActivation, outputError, rOutputError);
        INDArray delta = deltas[0];
        INDArray rDelta = deltas[1];
        long nOut = preActivation.size(1);
        INDArray rDelta3 = rDelta.dup('c').reshape('c', b * m, nOut, p);
        INDArray delta3 = delta == null ? null : delta.dup('c').reshape('c', m, nOut, p);
        INDArray colsByChannel = byChannel(cols, 1, m, kk, p); // [K, m P]
        INDArray rW = rGradient.block(layerIndex, "W", nOut, kk); // [b, nOut, K]
        INDArray rDeltaByChannel = byChannel(rDelta3, b, m, nOut, p); // [b nOut, m P]
        rW.addi(Stacked.product(rDeltaByChannel, colsByChannel.transpose()).reshape('c', b, nOut, kk));
        if (delta3 != null) {
            INDArray deltaByChannel = byChannel(delta3, 1, m, nOut, p); // [nOut, m P]
            INDArray rColsByChannel = byChannel(rCols, b, m, kk, p); // [b K, m P]
            rW.addi(Stacked.product(deltaByChannel, rColsByChannel.transpose()).reshape('c', nOut, b, kk).permute(1, 0, 2));
            if (gradient != null) {
                gradient.parameter(layerIndex, "W", nOut, kk).addi(Stacked.product(deltaByChannel, colsByChannel.transpose()));
            }
        }
        if (hasBias) {
            rGradient.block(layerIndex, "b", nOut).addi(rDelta3.reshape('c', b, m, nOut, p).sum(1, 3));
            if (gradient != null && delta3 != null) {
                gradient.parameter(layerIndex, "b", nOut).addi(delta3.sum(0, 2));
            }
        }
        if (!needInputError) {
            return null;
        }
        INDArray rColsError = Nd4j.createUninitialized(rDelta.dataType(), new long[] {b * m, kk, p}, 'c');
        BatchedGemm.multiply(weights2d(kk), true, rDelta3, false, rColsError);
        INDArray error = null;
        if (delta3 != null) {
            INDArray v2t = direction.block(layerIndex, "W", nOut, kk).permute(0, 2, 1).dup('c').reshape('c', b * kk, nOut);
            INDArray fromV = Nd4j.createUninitialized(rDelta.dataType(), new long[] {m, b * kk, p}, 'c');
            BatchedGemm.multiply(v2t, false, delta3, false, fromV); // [V2_1^T; ...; V2_b^T] delta_k
            rColsError.reshape('c', b, m, kk, p).addi(fromV.reshape('c', m, b, kk, p).permute(1, 0, 2, 3));
            INDArray colsError = Nd4j.createUninitialized(rDelta.dataType(), new long[] {m, kk, p}, 'c');
            BatchedGemm.multiply(weights2d(kk), true, delta3, false, colsError);
            error = col2im(colsError);
        }
        return new INDArray[] {error, col2im(rColsError)};
    }

    /**
     * A stack [b m, r, P] (b = 1: per-example [m, r, P]) regrouped as [b r, m P]: row (j, i) holds
     * channel i of direction j at every example's positions, the operand of a GEMM summed over examples.
     */
    private static INDArray byChannel(INDArray a, long b, long m, long r, long p) {
        return a.reshape('c', b, m, r, p).permute(0, 2, 1, 3).dup('c').reshape('c', b * r, m * p);
    }

    /** The receptive fields K P per example. */
    @Override
    public long workWidth() {
        return cols == null ? 0 : cols.size(1) * cols.size(2);
    }

    @Override
    public List<String> trainableParams() {
        return hasBias ? List.of("W", "b") : List.of("W");
    }

    @Override
    public void release() {
        cols = null;
        preActivation = null;
        rCols = null;
        rPreActivation = null;
    }
}
