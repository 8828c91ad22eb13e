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
        long c = x.size(1);
        long p = (long) outSize[0] * outSize[1];
        long kk = c * k[0] * k[1];
        // receptive fields in im2col's own layout [m, c, kH, kW, oH, oW] = [m, K, P]
        INDArray colBuffer = Nd4j.createUninitialized(x.dataType(), new long[] {m, c, k[0], k[1], outSize[0], outSize[1]}, 'c');
        Convolution.im2col(x, k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1], same, colBuffer);
        cols = colBuffer.reshape('c', m, kk, p);
        INDArray w2 = weights2d(kk);
        long nOut = w2.size(0);
        INDArray z = Nd4j.createUninitialized(x.dataType(), new long[] {m, nOut, p}, 'c');
        Nd4j.matmul(perExample(w2, m), cols, z, false, false, false); // z_k = W2 cols_k, [nOut, P]
        if (hasBias) {
            Nd4j.exec(new BroadcastAddOp(z, layer.getParam("b").reshape(nOut), z, 1));
        }
        preActivation = z.reshape('c', m, nOut, outSize[0], outSize[1]);
        return Activations.apply(activation, preActivation);
    }

    /** W2 repeated for each of the m examples, [m, rows, cols], for the batched matrix products. */
    private static INDArray perExample(INDArray w2, long m) {
        return w2.reshape('c', 1, w2.size(0), w2.size(1)).repeat(0, m);
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
        INDArray delta3 = delta.dup('c').reshape('c', m, nOut, p);
        INDArray dW = gradients.block(layerIndex, "W", nOut, kk);
        Nd4j.matmul(delta3, cols, dW, false, true, false); // dW_k = delta_k cols_k^T, [nOut, K]
        if (hasBias) {
            gradients.block(layerIndex, "b", nOut).assign(delta3.sum(2));
        }
        if (!needInputError) {
            return null;
        }
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] d = conf.getDilation();
        INDArray dCols = Nd4j.createUninitialized(delta.dataType(), new long[] {m, kk, p}, 'c');
        Nd4j.matmul(perExample(weights2d(kk), m), delta3, dCols, true, false, false); // W2^T delta_k, [K, P]
        INDArray dCols6 = dCols.reshape('c', m, inputShape[1], k[0], k[1], outSize[0], outSize[1]);
        INDArray inputError = Nd4j.create(delta.dataType(), inputShape, 'c');
        Convolution.col2im(dCols6, inputError, s[0], s[1], pad[0], pad[1], (int) inputShape[2], (int) inputShape[3],
                d[0], d[1]);
        return inputError;
    }

    @Override
    public List<String> trainableParams() {
        return hasBias ? List.of("W", "b") : List.of("W");
    }

    @Override
    public void release() {
        cols = null;
        preActivation = null;
    }
}
