package org.sgdvi.core.gradients;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D max or average pooling (NCHW), no weights. Back-propagation routes each example's error
 * dL_k/dy to the window inputs: max pooling sends it to the window's arg-max, average pooling
 * spreads it evenly over the window (divisor as DL4J configures it). Both use the same libnd4j
 * operations as DL4J's SubsamplingLayer ({@code maxpool2d[_bp]}, {@code avgpool2d[_bp]}) with the same
 * arguments, so ties are broken as DL4J breaks them; neither mixes examples.
 */
final class SubsamplingRule extends ParameterFreeRule {

    private final SubsamplingLayer conf;
    private final String opName;
    private final int extra;
    private int[] pad;

    SubsamplingRule(int layerIndex, SubsamplingLayer conf) {
        this.conf = conf;
        String where = "layer " + layerIndex + " (" + conf.getLayerName() + ", SubsamplingLayer)";
        if (conf.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw new UnsupportedOperationException(where + ": data format " + conf.getCnn2dDataFormat()
                    + " is not supported; expected NCHW");
        }
        PoolingType type = conf.getPoolingType();
        if (type == PoolingType.MAX) {
            opName = "maxpool2d";
            extra = 0;
        } else if (type == PoolingType.AVG) {
            opName = "avgpool2d";
            extra = conf.isAvgPoolIncludePadInDivisor() ? 1 : 0;
        } else {
            throw new UnsupportedOperationException(where + ": pooling type " + type
                    + " is not supported; expected MAX or AVG");
        }
    }

    private boolean same() {
        return conf.getConvolutionMode() == ConvolutionMode.Same;
    }

    private int[] integerArgs() {
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] d = conf.getDilation();
        return new int[] {k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1], same() ? 1 : 0, extra, 0};
    }

    @Override
    public INDArray forward(INDArray in) {
        input = in;
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] d = conf.getDilation();
        int[] outSize;
        if (same()) {
            outSize = ConvolutionUtils.getOutputSize(in, k, s, null, conf.getConvolutionMode(), d, CNN2DFormat.NCHW);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {(int) in.size(2), (int) in.size(3)}, k, s, d);
        } else {
            pad = conf.getPadding();
            outSize = ConvolutionUtils.getOutputSize(in, k, s, pad, conf.getConvolutionMode(), d, CNN2DFormat.NCHW);
        }
        INDArray out = Nd4j.createUninitialized(in.dataType(), new long[] {in.size(0), in.size(1), outSize[0], outSize[1]}, 'c');
        Nd4j.exec(DynamicCustomOp.builder(opName).addInputs(in).addOutputs(out)
                .addIntegerArguments(integerArgs()).build());
        return out;
    }

    @Override
    public INDArray backward(INDArray outputError, GradientBlocks gradients, boolean needInputError) {
        if (!needInputError) {
            return null;
        }
        INDArray inputError = Nd4j.createUninitialized(input.dataType(), input.shape(), 'c');
        Nd4j.exec(DynamicCustomOp.builder(opName + "_bp").addInputs(input, outputError).addOutputs(inputError)
                .addIntegerArguments(integerArgs()).build());
        return inputError;
    }
}
