package org.sgdvi.core.gradients;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
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
        long m = delta.size(0);
        long nIn = w.size(0);
        long nOut = w.size(1);
        INDArray dW = gradients.block(layerIndex, "W", nIn, nOut);
        Nd4j.exec(new MulOp(input.reshape('c', m, nIn, 1), delta.reshape('c', m, 1, nOut), dW));
        if (hasBias) {
            gradients.block(layerIndex, "b", nOut).assign(delta);
        }
        return needInputError ? delta.mmul(w.transpose()) : null;
    }

    /** R{z} = R{a} W + a V_W + v_b, R{y} = sigma'(z) R{z}. */
    @Override
    public INDArray forwardR(INDArray rIn, GradientBlocks direction) {
        INDArray w = layer.getParam("W");
        rInput = rIn;
        INDArray rz = rIn.mmul(w).addi(input.mmul(direction.parameter(layerIndex, "W", w.size(0), w.size(1))));
        if (hasBias) {
            rz.addiRowVector(direction.parameter(layerIndex, "b", w.size(1)));
        }
        rPreActivation = rz;
        return Activations.derivativeTimes(activation, preActivation, rz);
    }

    /**
     * delta = sigma'(z) e, R{delta} = sigma''(z) R{z} e + sigma'(z) R{e}; sum_k dL_k/dW = a^T delta,
     * R{.} = R{a}^T delta + a^T R{delta}; dL/da = delta W^T, R{dL/da} = R{delta} W^T + delta V_W^T.
     */
    @Override
    public INDArray[] backwardR(INDArray outputError, INDArray rOutputError, GradientBlocks direction,
                                GradientBlocks gradient, GradientBlocks rGradient, boolean needInputError) {
        INDArray w = layer.getParam("W");
        long nIn = w.size(0);
        long nOut = w.size(1);
        INDArray[] deltas = Activations.adjointsR(activation, preActivation, rPreActivation, outputError, rOutputError);
        INDArray delta = deltas[0];
        INDArray rDelta = deltas[1];
        INDArray rW = rGradient.parameter(layerIndex, "W", nIn, nOut);
        rW.addi(input.transpose().mmul(rDelta));
        if (delta != null) {
            rW.addi(rInput.transpose().mmul(delta));
            if (gradient != null) {
                gradient.parameter(layerIndex, "W", nIn, nOut).addi(input.transpose().mmul(delta));
            }
        }
        if (hasBias) {
            rGradient.parameter(layerIndex, "b", nOut).addi(rDelta.sum(0));
            if (gradient != null && delta != null) {
                gradient.parameter(layerIndex, "b", nOut).addi(delta.sum(0));
            }
        }
        if (!needInputError) {
            return null;
        }
        INDArray rError = rDelta.mmul(w.transpose());
        if (delta != null) {
            rError.addi(delta.mmul(direction.parameter(layerIndex, "W", nIn, nOut).transpose()));
        }
        return new INDArray[] {delta == null ? null : delta.mmul(w.transpose()), rError};
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
