package org.sgdvi.core.gradients;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense layer y = sigma(a W + b), W of DL4J shape [nIn, nOut]. With delta_k = dL_k/dz_k:
 * dL_k/dW = a_k^T delta_k (an outer product, written for all examples at once as the batched
 * broadcast product [m, nIn, 1] x [m, 1, nOut], which is W's C-order flattening),
 * dL_k/db = delta_k, and dL_k/da_k = delta_k W^T.
 */
final class DenseRule implements LayerRule {

    private final int layerIndex;
    private final Layer layer;
    private final boolean hasBias;
    private final IActivation activation;
    private INDArray input;
    private INDArray preActivation;
    private INDArray rInput;
    private INDArray rPreActivation;

    DenseRule(int layerIndex, Layer layer, boolean hasBias, IActivation activation) {
        this.layerIndex = layerIndex;
        this.layer = layer;
        this.hasBias = hasBias;
        this.activation = activation;
    }

    @Override
    public INDArray forward(INDArray in) {
        input = in;
        INDArray z = in.mmul(layer.getParam("W"));
        if (hasBias) {
            z.addiRowVector(layer.getParam("b"));
        }
        preActivation = z;
        return Activations.apply(activation, z);
    }

    @Override
    public INDArray backward(INDArray outputError, GradientBlocks gradients, boolean needInputError) {
        INDArray delta = Activations.backprop(activation, preActivation, outputError);
        INDArray w = layer.getParam("W");
        long nOut = w.size(1);
        gradients.outer(layerIndex, "W", input, delta);
        if (hasBias) {
            gradients.block(layerIndex, "b", nOut).assign(delta);
        }
        return needInputError ? delta.mmul(w.transpose()) : null;
    }

    /**
     * For a block of b directions stacked as in {@link Stacked}: R{z}_j = R{a}_j W + a V_j + v_b,j,
     * R{y} = sigma'(z) R{z}. Two GEMMs for all directions: [b m, nIn] W and a [V_1 ... V_b].
     */
    @Override
    public INDArray forwardR(INDArray rIn, GradientBlocks direction) {
        INDArray w = layer.getParam("W");
        long nIn = w.size(0);
        long nOut = w.size(1);
        long m = input.size(0);
        long b = Stacked.directions(rIn, input);
        rInput = rIn;
        INDArray rz = Stacked.product(rIn, w); // [b m, nOut], C order
        INDArray v = direction.block(layerIndex, "W", nIn, nOut); // [b, nIn, nOut]
        INDArray av = input.mmul(v.permute(1, 0, 2).dup('c').reshape('c', nIn, b * nOut)); // [m, b nOut]
        INDArray rz3 = rz.reshape('c', b, m, nOut);
        rz3.addi(av.reshape('c', m, b, nOut).permute(1, 0, 2));
        if (hasBias) {
            INDArray vb = direction.block(layerIndex, "b", nOut).dup('c'); // [b, nOut]
            Nd4j.exec(new BroadcastAddOp(rz3, vb, rz3, 0, 2));
        }
        rPreActivation = rz;
        return Activations.derivativeTimes(activation, preActivation, rz);
    }

    /**
     * delta = sigma'(z) e, R{delta} = sigma''(z) R{z} e + sigma'(z) R{e}; sum_k dL_k/dW = a^T delta,
     * R{.}_j = R{a}_j^T delta + a^T R{delta}_j; dL/da = delta W^T, R{dL/da}_j = R{delta}_j W^T + delta V_j^T.
     * Every term is one GEMM over all b directions (the directions stacked along rows or columns).
     */
    @Override
    public INDArray[] backwardR(INDArray outputError, INDArray rOutputError, GradientBlocks direction,
                                GradientBlocks gradient, GradientBlocks rGradient, boolean needInputError) {
        INDArray w = layer.getParam("W");
        long nIn = w.size(0);
        long nOut = w.size(1);
        long m = input.size(0);
        long b = Stacked.directions(rOutputError, input);
        INDArray[] deltas = Activations.adjointsR(activation, preActivation, rPreActivation, outputError, rOutputError);
        INDArray delta = deltas[0];
        INDArray rDelta = deltas[1].dup('c'); // [b m, nOut]
        INDArray rW = rGradient.block(layerIndex, "W", nIn, nOut); // [b, nIn, nOut]
        INDArray rDeltaByExample = rDelta.reshape('c', b, m, nOut).permute(1, 0, 2).dup('c').reshape('c', m, b * nOut);
        rW.addi(input.transpose().mmul(rDeltaByExample).reshape('c', nIn, b, nOut).permute(1, 0, 2));
        if (delta != null) {
            INDArray rInT = rInput.reshape('c', b, m, nIn).permute(0, 2, 1).dup('c').reshape('c', b * nIn, m);
            rW.addi(rInT.mmul(delta).reshape('c', b, nIn, nOut));
            if (gradient != null) {
                gradient.parameter(layerIndex, "W", nIn, nOut).addi(input.transpose().mmul(delta));
            }
        }
        if (hasBias) {
            rGradient.block(layerIndex, "b", nOut).addi(rDelta.reshape('c', b, m, nOut).sum(1));
            if (gradient != null && delta != null) {
                gradient.parameter(layerIndex, "b", nOut).addi(delta.sum(0));
            }
        }
        if (!needInputError) {
            return null;
        }
        INDArray rError = Stacked.product(rDelta, w.transpose()); // [b m, nIn], C order
        if (delta != null) {
            INDArray vt = direction.block(layerIndex, "W", nIn, nOut).permute(2, 0, 1).dup('c').reshape('c', nOut, b * nIn);
            rError.reshape('c', b, m, nIn).addi(delta.mmul(vt).reshape('c', m, b, nIn).permute(1, 0, 2));
        }
        return new INDArray[] {delta == null ? null : delta.mmul(w.transpose()), rError};
    }

    /** W: its per-example gradient a_k^T delta_k is an outer product. */
    @Override
    public List<String> outerProductParams() {
        return List.of("W");
    }

    @Override
    public List<String> trainableParams() {
        return hasBias ? List.of("W", "b") : List.of("W");
    }

    @Override
    public void release() {
        input = null;
        preActivation = null;
        rInput = null;
        rPreActivation = null;
    }
}
