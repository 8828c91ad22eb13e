package org.sgdvi.core.diffusion;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.gradients.PerExampleGradients;
import org.sgdvi.core.models.TrainableLayout;

/**
 * A reference {@link PerExampleGradients}: DL4J's {@code computeGradientAndScore} on one example at a
 * time. It runs in training mode, so it is exact only for networks without BatchNorm and dropout; on
 * other networks it is still a valid (random) engine for tests that do not check the values.
 */
public final class BatchOfOneGradients implements PerExampleGradients {

    private final MultiLayerNetwork net;
    private final TrainableLayout layout;
    private final DataType dtype;

    /** @param net the network whose loss is differentiated (its state fields are overwritten) */
    public BatchOfOneGradients(MultiLayerNetwork net) {
        this.net = net;
        this.layout = TrainableLayout.of(net);
        this.dtype = net.params().dataType();
    }

    @Override
    public TrainableLayout layout() {
        return layout;
    }

    @Override
    public INDArray compute(INDArray features, INDArray labels) {
        long m = features.size(0);
        INDArray out = Nd4j.create(dtype, m, layout.trainableCount());
        for (long i = 0; i < m; i++) {
            net.setInput(features.get(NDArrayIndex.interval(i, i + 1)).dup());
            net.setLabels(labels.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()).dup());
            net.computeGradientAndScore();
            out.putRow(i, layout.gather(net.gradient(), dtype));
        }
        return out;
    }
}
