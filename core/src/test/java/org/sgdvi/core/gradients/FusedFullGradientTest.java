package org.sgdvi.core.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.core.train.SyntheticData;

/** {@link FusedFullGradient} (float32 kernel) under the contract, and {@link FullGradient#of}'s choice. */
class FusedFullGradientTest extends FullGradientContract {

    @Override
    FullGradient create(MultiLayerNetwork net, DataSet data) {
        return new FusedFullGradient(net, ExampleMatrix.of(data));
    }

    @Override
    FullGradient other(MultiLayerNetwork net, DataSet data) {
        return new EngineFullGradient(net, data.getFeatures(), data.getLabels(), InferenceGradientEngine.DEFAULT_MAX_CHUNK);
    }

    @Override
    Stream<Case> cases() {
        return denseBatchNormCases();
    }

    @Test
    void ofPicksTheKernelForDenseBatchNormNetsAndTheEngineOtherwise() {
        ExampleMatrix fc = ExampleMatrix.of(SyntheticData.classification(4, 49, 5, 1, DataType.FLOAT));
        MultiLayerNetwork tiny = ModelZoo.build("tiny-fc", ModelOptions.builder().seed(1).dropout(false).build());
        assertThat(FullGradient.of(tiny, fc)).isInstanceOf(FusedFullGradient.class);
        MultiLayerNetwork lenet = ModelZoo.build("small-lenet", ModelOptions.builder().seed(1).widthScale(0.25).build());
        ExampleMatrix images = ExampleMatrix.of(SyntheticData.classification(4, 784, 10, 1, DataType.FLOAT));
        assertThat(FullGradient.of(lenet, images)).isInstanceOf(EngineFullGradient.class);
        assertThatThrownBy(() -> new FusedFullGradient(lenet, images))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layers");
    }
}
