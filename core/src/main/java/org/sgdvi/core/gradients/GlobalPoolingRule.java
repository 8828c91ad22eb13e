package org.sgdvi.core.gradients;

import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.transforms.any.IsMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Global pooling over the spatial positions of NCHW input: y_kc = mean, max or sum over (h, w) of
 * a_kchw, no weights. Back-propagation: average spreads dL_k/dy_kc / (H W) over all positions,
 * sum copies it to every position, max sends it to the arg-max position (marked with ND4J's
 * {@link IsMax}, as DL4J's GlobalPoolingLayer does).
 */
final class GlobalPoolingRule extends ParameterFreeRule {

    private final PoolingType type;
    private final boolean collapse;
    private INDArray argMax;

    GlobalPoolingRule(int layerIndex, GlobalPoolingLayer conf) {
        String where = "layer " + layerIndex + " (" + conf.getLayerName() + ", GlobalPoolingLayer)";
        type = conf.getPoolingType();
        if (type != PoolingType.AVG && type != PoolingType.MAX && type != PoolingType.SUM) {
            throw new UnsupportedOperationException(where + ": pooling type " + type
                    + " is not supported; expected AVG, MAX or SUM");
        }
        int[] dims = conf.getPoolingDimensions();
        if (dims != null && !(dims.length == 2 && dims[0] == 2 && dims[1] == 3)) {
            throw new UnsupportedOperationException(where + ": pooling dimensions "
                    + java.util.Arrays.toString(dims) + " are not supported; expected the spatial ones [2, 3]");
        }
        collapse = conf.isCollapseDimensions();
    }

    @Override
    public INDArray forward(INDArray in) {
        if (in.rank() != 4) {
            throw new IllegalArgumentException("GlobalPoolingLayer: input of rank " + in.rank()
                    + "; expected rank 4 [m, C, H, W]");
        }
        input = in;
        INDArray out = switch (type) {
            case AVG -> in.mean(2, 3);
            case MAX -> in.max(2, 3);
            default -> in.sum(2, 3);
        };
        return collapse ? out : out.reshape(out.size(0), out.size(1), 1, 1);
    }

    @Override
    public INDArray backward(INDArray outputError, GradientBlocks gradients, boolean needInputError) {
        return needInputError ? route(outputError) : null;
    }

    /**
     * The error dL/dy_kc routed to the positions: copied to all of them (SUM), divided by H W (AVG), or
     * kept at the arg-max only (MAX). The error may stack b directions ({@link Stacked}).
     */
    private INDArray route(INDArray outputError) {
        INDArray delta = outputError.reshape(outputError.size(0), outputError.size(1));
        long[] shape = input.shape().clone();
        shape[0] = delta.size(0);
        INDArray routed = Nd4j.createUninitialized(input.dataType(), shape, 'c');
        Nd4j.exec(new BroadcastCopyOp(routed, delta, routed, 0, 1));
        if (type == PoolingType.AVG) {
            return routed.divi(input.size(2) * input.size(3));
        }
        return type == PoolingType.MAX ? Stacked.times(routed, argMax()) : routed;
    }

    /** The arg-max indicator of every example and channel over the positions (ND4J's {@link IsMax}). */
    private INDArray argMax() {
        if (argMax == null) {
            // kept for every direction block of the chunk, so outside the per-block workspace
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                argMax = Nd4j.exec(new IsMax(input.dup('c'), 2, 3))[0].castTo(input.dataType());
            }
        }
        return argMax;
    }

    /** Linear in a for AVG and SUM; for MAX, R{y} is R{a} at the arg-max position. R{a} may stack directions. */
    @Override
    public INDArray forwardR(INDArray rIn, GradientBlocks direction) {
        INDArray out = switch (type) {
            case AVG -> rIn.mean(2, 3);
            case MAX -> Stacked.times(rIn, argMax()).sum(2, 3);
            default -> rIn.sum(2, 3);
        };
        return collapse ? out : out.reshape(out.size(0), out.size(1), 1, 1);
    }

    /** The pooling's routing is locally constant in a, so R{dL/da} routes R{e} as dL/da routes e. */
    @Override
    public INDArray[] backwardR(INDArray outputError, INDArray rOutputError, GradientBlocks direction,
                                GradientBlocks gradient, GradientBlocks rGradient, boolean needInputError) {
        if (!needInputError) {
            return null;
        }
        return new INDArray[] {outputError == null ? null : route(outputError), route(rOutputError)};
    }

    @Override
    public void release() {
        super.release();
        argMax = null;
    }
}
