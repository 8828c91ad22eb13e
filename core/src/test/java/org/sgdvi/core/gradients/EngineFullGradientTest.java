package org.sgdvi.core.gradients;

import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/** {@link EngineFullGradient} under the contract: float64 and float32 nets, dense and convolutional. */
class EngineFullGradientTest extends FullGradientContract {

    @Override
    FullGradient create(MultiLayerNetwork net, DataSet data) {
        // chunks of 128: N = 300 spans three engine calls, the last one short
        return new EngineFullGradient(net, data.getFeatures(), data.getLabels(), 128);
    }

    @Override
    FullGradient other(MultiLayerNetwork net, DataSet data) {
        return new FusedFullGradient(net, ExampleMatrix.of(data));
    }

    @Override
    Stream<Case> cases() {
        return Stream.of(new Case("tiny-fc", 1.0, DataType.DOUBLE, 300), new Case("small-lenet", 0.25, DataType.DOUBLE, 24),
                new Case("small-fc", 0.5, DataType.FLOAT, 300));
    }
}
