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

    @Override
    public List<String> trainableParams() {
        return hasBias ? List.of("W", "b") : List.of("W");
    }

    @Override
    public void release() {
        input = null;
        preActivation = null;
    }
}
