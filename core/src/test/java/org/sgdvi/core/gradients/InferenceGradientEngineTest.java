package org.sgdvi.core.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.models.TrainableLayout;

@ExtendWith(SingleThreadedNd4j.class)
class InferenceGradientEngineTest {

    private static final double H = 1e-4;
    private static final double FLOOR = 1e-4;

    record Case(String name, MultiLayerNetwork net, INDArray x, INDArray y) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case dense(boolean logStd) {
        Random rng = new Random(21);
        MultiLayerNetwork net = TestNetworks.dense(DataType.DOUBLE, logStd);
        GradientTestData.randomizeBatchNorm(net, rng);
        return new Case("dense logStd=" + logStd, net, GradientTestData.gaussian(rng, DataType.DOUBLE, 1.0, 4, 6),
                GradientTestData.oneHot(rng, DataType.DOUBLE, 4, 3));
    }

    static Case conv() {
        Random rng = new Random(22);
        MultiLayerNetwork net = TestNetworks.conv(DataType.DOUBLE);
        GradientTestData.randomizeBatchNorm(net, rng);
        return new Case("conv", net, GradientTestData.gaussian(rng, DataType.DOUBLE, 1.0, 3, 288),
                GradientTestData.oneHot(rng, DataType.DOUBLE, 3, 3));
    }

    static Case globalPooling(PoolingType type) {
        Random rng = new Random(23);
        MultiLayerNetwork net = TestNetworks.globalPooling(DataType.DOUBLE, type);
        GradientTestData.randomizeBatchNorm(net, rng);
        double scale = type == PoolingType.SUM ? 0.1 : 1.0; // keep the summed logits out of softmax saturation
        return new Case("global " + type, net, GradientTestData.gaussian(rng, DataType.DOUBLE, scale, 3, 2, 6, 6),
                GradientTestData.oneHot(rng, DataType.DOUBLE, 3, 3));
    }

    static Case plain() {
        Random rng = new Random(24);
        MultiLayerNetwork net = TestNetworks.plain(DataType.DOUBLE);
        return new Case("plain", net, GradientTestData.gaussian(rng, DataType.DOUBLE, 1.0, 5, 64),
                GradientTestData.oneHot(rng, DataType.DOUBLE, 5, 4));
    }

    static Stream<Arguments> cases() {
        return Stream.of(dense(true), dense(false), conv(), globalPooling(PoolingType.AVG),
                globalPooling(PoolingType.MAX), globalPooling(PoolingType.SUM), plain()).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardPassEqualsDl4jInference(Case c) {
        INDArray mine = new InferenceGradientEngine(c.net()).output(c.x());
        INDArray dl4j = c.net().output(c.x(), false);
        assertThat(mine.shape()).isEqualTo(dl4j.shape());
        assertThat(mine.sub(dl4j).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void perExampleGradientsMatchFiniteDifferencesOfInferenceLoss(Case c) {
        InferenceGradientEngine engine = new InferenceGradientEngine(c.net());
        INDArray g = engine.compute(c.x(), c.y());
        assertThat(g.shape()).containsExactly(c.x().size(0), engine.dimension());
        FiniteDifferences.Report r = new FiniteDifferences(c.net(), c.x(), c.y())
                .check(g, engine.layout(), 6, 99, H, FLOOR);
        System.err.println("FDREPORT " + c + " " + r);
        assertThat(r.compared()).as("compared coordinates").isGreaterThan(20);
        assertThat(r.unreliable()).as("coordinates at a kink").isLessThanOrEqualTo(r.compared() / 10);
        assertThat(r.maxRelativeError()).as("worst: %s", r.worst()).isLessThan(1e-6);
    }
}
