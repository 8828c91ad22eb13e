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
 * arguments, so ties are broken as DL4J breaks them; neither mixes examples. Max pooling of FLOAT
 * inputs runs through {@link MaxPoolWindows} instead (the same values and the same tie rule, with the
 * arg-max kept for the backward pass).
 */
final class SubsamplingRule extends ParameterFreeRule {

    private final SubsamplingLayer conf;
    private final String opName;
    private final int extra;
    private int[] pad;
    private INDArray argMax;
    private INDArray rInput;
    /** Max pooling of FLOAT inputs with the arg-max kept, for the last input geometry (kept across chunks). */
    private MaxPoolWindows windows;
    /** Whether the last {@link #forward} pooled through {@link #windows} (its arg-max serves {@link #backward}). */
    private boolean pooledByWindows;

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
        if (same()) {
            int[] outSize = ConvolutionUtils.getOutputSize(in, k, s, null, conf.getConvolutionMode(), d, CNN2DFormat.NCHW);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {(int) in.size(2), (int) in.size(3)}, k, s, d);
        } else {
            pad = conf.getPadding();
        }
        pooledByWindows = false;
        if (conf.getPoolingType() == PoolingType.MAX && ReceptiveFields.applies(in, in.length() / Math.max(1, in.size(0)))) {
            int[] outSize = ConvolutionUtils.getOutputSize(in, k, s, same() ? null : pad, conf.getConvolutionMode(), d,
                    CNN2DFormat.NCHW);
            if (windows == null || !windows.fits(in.shape())) {
                windows = new MaxPoolWindows(in.size(1), in.size(2), in.size(3), k, s, pad, d, outSize);
            }
            if (windows.complete()) {
                INDArray out = Nd4j.createUninitialized(in.dataType(), new long[] {in.size(0), in.size(1), outSize[0], outSize[1]}, 'c');
                windows.forward(in, out);
                pooledByWindows = true;
                return out;
            }
        }
        return pool(opName, in, extra);
    }

    @Override
    public INDArray backward(INDArray outputError, GradientBlocks gradients, boolean needInputError) {
        if (!needInputError) {
            return null;
        }
        INDArray inputError = Nd4j.createUninitialized(input.dataType(), input.shape(), 'c');
        if (pooledByWindows && outputError.size(0) == input.size(0)
                && ReceptiveFields.applies(outputError, outputError.length() / Math.max(1, outputError.size(0)))) {
            windows.backward(outputError, inputError);
            return inputError;
        }
        Nd4j.exec(DynamicCustomOp.builder(opName + "_bp").addInputs(input, outputError).addOutputs(inputError)
                .addIntegerArguments(integerArgs()).build());
        return inputError;
    }

    /**
     * Average pooling is linear: R{y} = pool(R{a}). Max pooling picks R{a} at each window's arg-max
     * (the position its backward pass routes to): with M = maxpool_bp(a, 1), the arg-max indicator when
     * windows do not overlap, R{y} = (sum over the window of M R{a}) = kH kW avgpool(M R{a}) with the
     * padding counted in the divisor. Overlapping max-pooling windows are refused. R{a} may stack b
     * directions ({@link Stacked}); pooling does not mix examples, so the stack pools as b m examples.
     */
    @Override
    public INDArray forwardR(INDArray rIn, GradientBlocks direction) {
        rInput = rIn;
        if (conf.getPoolingType() == PoolingType.AVG) {
            return pool("avgpool2d", rIn, extra);
        }
        int[] k = conf.getKernelSize();
        return pool("avgpool2d", Stacked.times(rIn, argMax()), 1).muli(k[0] * k[1]);
    }

    /** M = maxpool_bp(a, 1), the arg-max indicator of the last input's windows (non-overlapping windows only). */
    private INDArray argMax() {
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] d = conf.getDilation();
        if (s[0] < k[0] || s[1] < k[1] || d[0] != 1 || d[1] != 1) {
            throw new UnsupportedOperationException(conf.getLayerName() + ": the R-operator supports max pooling "
                    + "with non-overlapping windows only (stride >= kernel, no dilation); got kernel "
                    + java.util.Arrays.toString(k) + ", stride " + java.util.Arrays.toString(s));
        }
        if (argMax == null) {
            // kept for every direction block of the chunk, so outside the per-block workspace
            try (org.nd4j.linalg.api.memory.MemoryWorkspace ignored =
                         Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray ones = Nd4j.onesLike(pool(opName, input, extra));
                argMax = Nd4j.createUninitialized(input.dataType(), input.shape(), 'c');
                Nd4j.exec(DynamicCustomOp.builder(opName + "_bp").addInputs(input, ones).addOutputs(argMax)
                        .addIntegerArguments(integerArgs()).build());
            }
        }
        return argMax;
    }

    private INDArray pool(String op, INDArray in, int divisorMode) {
        int[] args = integerArgs();
        args[9] = divisorMode;
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] d = conf.getDilation();
        int[] outSize = ConvolutionUtils.getOutputSize(in, k, s, same() ? null : pad, conf.getConvolutionMode(), d,
                CNN2DFormat.NCHW);
        INDArray out = Nd4j.createUninitialized(in.dataType(), new long[] {in.size(0), in.size(1), outSize[0], outSize[1]}, 'c');
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(in).addOutputs(out).addIntegerArguments(args).build());
        return out;
    }

    /**
     * The routing is locally constant in a: R{dL/da} routes R{e} as dL/da routes e. For the stacked
     * R{e}: average pooling by avgpool_bp over the stacked inputs' shape; max pooling spreads R{e} evenly
     * over each window (avgpool_bp with the padding in the divisor, times kH kW) and keeps the arg-max, M.
     */
    @Override
    public INDArray[] backwardR(INDArray outputError, INDArray rOutputError, GradientBlocks direction,
                                GradientBlocks gradient, GradientBlocks rGradient, boolean needInputError) {
        if (!needInputError) {
            return null;
        }
        INDArray error = outputError == null ? null : backward(outputError, null, true);
        int[] args = integerArgs();
        if (conf.getPoolingType() == PoolingType.MAX) {
            args[9] = 1;
        }
        INDArray spread = Nd4j.createUninitialized(rInput.dataType(), rInput.shape(), 'c');
        Nd4j.exec(DynamicCustomOp.builder("avgpool2d_bp").addInputs(rInput, rOutputError).addOutputs(spread)
                .addIntegerArguments(args).build());
        if (conf.getPoolingType() == PoolingType.AVG) {
            return new INDArray[] {error, spread};
        }
        int[] k = conf.getKernelSize();
        return new INDArray[] {error, Stacked.times(spread, argMax()).muli(k[0] * k[1])};
    }

    @Override
    public void release() {
        super.release();
        pooledByWindows = false;
        argMax = null;
        rInput = null;
    }
}
