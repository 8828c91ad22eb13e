package org.sgdvi.core.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.models.ModelSpec;
import org.sgdvi.core.models.ModelZoo;

/**
 * The engine on the paper's networks from the model zoo at reduced width, in DOUBLE, with random BatchNorm
 * running statistics: its forward pass is DL4J's inference output and its rows are the finite-difference
 * gradients of each example's inference-mode loss.
 */
@ExtendWith(SingleThreadedNd4j.class)
class ZooGradientTest {

    /**
     * {@code smooth}: the zoo configuration with its ReLU activation layers swapped for tanh. small-allcnn keeps
     * 32x32 maps, so with ReLU about every perturbation of an early weight crosses some unit's kink within the
     * stencil and finite differences are unreliable there; ReLU itself is checked on the other networks.
     */
    @ParameterizedTest(name = "{0} width {1} smooth {4}")
    @CsvSource({"small-lenet, 0.5, 3, 3, false", "small-fc, 0.25, 4, 3, false", "tiny-fc, 0.5, 4, 3, false",
            "small-allcnn, 0.25, 2, 1, true"})
    void perExampleGradientsMatchFiniteDifferences(String name, double widthScale, int examples, int perParam,
                                                   boolean smooth) {
        ModelSpec spec = ModelZoo.spec(name);
        MultiLayerNetwork net = TestNetworks.zoo(name, widthScale, smooth);
        Random rng = new Random(31);
        SeededNetworkInputs.randomizeBatchNorm(net, rng);
        INDArray x = SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, examples, spec.inputSize());
        INDArray y = SeededNetworkInputs.oneHot(rng, DataType.DOUBLE, examples, spec.defaultClasses());
        InferenceGradientEngine engine = new InferenceGradientEngine(net);

        assertThat(engine.output(x).sub(net.output(x, false)).amaxNumber().doubleValue()).isLessThan(1e-12);

        INDArray g = engine.compute(x, y);
        assertThat(g.shape()).containsExactly((long) examples, net.numParams() - runningStatistics(net));
        FiniteDifferences.Report r = new FiniteDifferences(net, x, y).check(g, engine.layout(), perParam, 77, 2e-5, 1e-4);
        assertThat(r.compared()).as("compared coordinates").isGreaterThan(20);
        assertThat(r.minComparedPerParam()).as("compared coordinates of the least covered parameter").isPositive();
        assertThat(r.unreliable()).as("coordinates at a kink").isLessThanOrEqualTo(r.compared() / 10);
        assertThat(r.maxRelativeError()).as("worst: %s", r.worst()).isLessThan(1e-6);
    }

    private static long runningStatistics(MultiLayerNetwork net) {
        long n = 0;
        for (var layer : net.getLayers()) {
            for (var e : layer.paramTable().entrySet()) {
                if (!org.sgdvi.core.models.TrainableLayout.isTrainable(e.getKey())) {
                    n += e.getValue().length();
                }
            }
        }
        return n;
    }
}
