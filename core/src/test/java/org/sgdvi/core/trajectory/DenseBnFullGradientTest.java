package org.sgdvi.core.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.core.models.TrainableLayout;
import org.sgdvi.core.train.OptimizerSettings;
import org.sgdvi.core.train.SyntheticData;
import org.sgdvi.core.train.fused.ExampleMatrix;

/**
 * The inference-mode full gradient against central finite differences of DL4J's own inference-mode
 * loss ({@code score(data, false)}) on a float64 copy of the network, at weights and BatchNorm
 * running statistics made non-trivial by a few DL4J training steps; N exceeds one chunk. All
 * weights after the first layer's matrix and every 23rd entry of that matrix are checked.
 */
class DenseBnFullGradientTest {

    private static MultiLayerNetwork net(String model, DataType dtype) {
        return ModelZoo.build(model, ModelOptions.builder().numClasses(5).seed(21).dropout(false).dataType(dtype)
                .optimizer(OptimizerSettings.sgd(0.2)).build());
    }

    @Test
    void matchesCentralFiniteDifferencesOfTheInferenceLoss() {
        DataSet data = SyntheticData.classification(300, 49, 5, 8, DataType.FLOAT);
        MultiLayerNetwork net = net("tiny-fc", DataType.FLOAT);
        for (int i = 0; i < 5; i++) {
            net.fit(SyntheticData.classification(64, 49, 5, 100 + i, DataType.FLOAT));
        }
        MultiLayerNetwork ref = net("tiny-fc", DataType.DOUBLE);
        ref.setParams(net.params().castTo(DataType.DOUBLE));
        DataSet data64 = new DataSet(data.getFeatures().castTo(DataType.DOUBLE), data.getLabels().castTo(DataType.DOUBLE));

        DenseBnFullGradient full = new DenseBnFullGradient(ExampleMatrix.of(data));
        TrainableLayout layout = TrainableLayout.of(ref);
        int d = (int) layout.trainableCount();
        double[] g = new double[d];
        double loss = full.compute(net, g);

        assertThat(loss).isCloseTo(ref.score(data64, false), org.assertj.core.data.Offset.offset(1e-5));
        INDArray x = layout.gather(ref, DataType.DOUBLE);
        double h = 1e-5;
        double scale = 0;
        double[] fd = new double[d];
        java.util.List<Integer> checked = new java.util.ArrayList<>();
        for (int k = 0; k < d; k++) {
            // every weight after W1 (biases, gamma, beta, W2, b2) and every 23rd of W1
            if (k >= 49 * 16 || k % 23 == 0) {
                checked.add(k);
            }
        }
        for (int k : checked) {
            double x0 = x.getDouble(k);
            x.putScalar(k, x0 + h);
            layout.scatter(x, ref);
            double up = ref.score(data64, false);
            x.putScalar(k, x0 - h);
            layout.scatter(x, ref);
            double down = ref.score(data64, false);
            x.putScalar(k, x0);
            fd[k] = (up - down) / (2 * h);
            scale = Math.max(scale, Math.abs(fd[k]));
        }
        layout.scatter(x, ref);
        assertThat(scale).isGreaterThan(1e-2);
        for (int k : checked) {
            assertThat(Math.abs(g[k] - fd[k])).as("weight %d: %g vs finite difference %g", k, g[k], fd[k])
                    .isLessThan(1e-4 * scale + 1e-4 * Math.abs(fd[k]));
        }
        assertThat(full.examples()).isEqualTo(300);
    }

    @Test
    void refusesNetworksOfAnotherForm() {
        MultiLayerNetwork lenet = ModelZoo.build("small-lenet", ModelOptions.builder().seed(1).build());
        assertThat(DenseBnFullGradient.supports(lenet)).isFalse();
        assertThatThrownBy(() -> new DenseBnFullGradient(ExampleMatrix.of(
                SyntheticData.classification(4, 784, 10, 1, DataType.FLOAT))).compute(lenet, new double[13_338]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layers");
    }
}
