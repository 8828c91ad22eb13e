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

    private static final double H = 2e-5;
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
        SeededNetworkInputs.randomizeBatchNorm(net, rng);
        return new Case("dense logStd=" + logStd, net, SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, 4, 6),
                SeededNetworkInputs.oneHot(rng, DataType.DOUBLE, 4, 3));
    }

    static Case conv() {
        Random rng = new Random(22);
        MultiLayerNetwork net = TestNetworks.conv(DataType.DOUBLE);
        SeededNetworkInputs.randomizeBatchNorm(net, rng);
        return new Case("conv", net, SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, 3, 288),
                SeededNetworkInputs.oneHot(rng, DataType.DOUBLE, 3, 3));
    }

    static Case globalPooling(PoolingType type) {
        Random rng = new Random(23);
        MultiLayerNetwork net = TestNetworks.globalPooling(DataType.DOUBLE, type);
        SeededNetworkInputs.randomizeBatchNorm(net, rng);
        if (type == PoolingType.SUM) { // 64 summed positions: shrink bn2's output to keep softmax out of saturation
            net.getLayer(4).getParam("gamma").muli(0.05);
            net.getLayer(4).getParam("beta").muli(0.05);
        }
        return new Case("global " + type, net, SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, 3, 2, 6, 6),
                SeededNetworkInputs.oneHot(rng, DataType.DOUBLE, 3, 3));
    }

    static Case plain() {
        Random rng = new Random(24);
        MultiLayerNetwork net = TestNetworks.plain(DataType.DOUBLE);
        return new Case("plain", net, SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, 5, 64),
                SeededNetworkInputs.oneHot(rng, DataType.DOUBLE, 5, 4));
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
        assertThat(r.compared()).as("compared coordinates").isGreaterThan(20);
        assertThat(r.minComparedPerParam()).as("compared coordinates of the least covered parameter").isPositive();
        assertThat(r.unreliable()).as("coordinates at a kink").isLessThanOrEqualTo(r.compared() / 10);
        assertThat(r.maxRelativeError()).as("worst: %s", r.worst()).isLessThan(1e-6);
    }

    @Test
    void perExampleGradientsSumToDl4jBatchGradientWithoutBatchNormOrDropout() {
        Case c = plain();
        INDArray g = new InferenceGradientEngine(c.net()).compute(c.x(), c.y());
        MultiLayerNetwork net = c.net();
        net.setInput(c.x());
        net.setLabels(c.y());
        net.computeGradientAndScore();
        // DL4J 1.0.0-M2.1 returns the gradient of the SUM of the per-example losses here (the division by the
        // batch size happens later, in the updater).
        INDArray dl4j = flatten(net.gradient(), TrainableLayout.of(net));
        INDArray sum = g.sum(0);
        double scale = dl4j.amaxNumber().doubleValue();
        assertThat(scale).isGreaterThan(1e-3);
        assertThat(sum.sub(dl4j).amaxNumber().doubleValue()).isLessThan(1e-12 * Math.max(1, scale));
    }

    @Test
    void floatAndDoubleAgreeToFloatPrecision() {
        Case c = conv();
        INDArray gd = new InferenceGradientEngine(c.net()).compute(c.x(), c.y());
        MultiLayerNetwork netF = c.net().convertDataType(DataType.FLOAT);
        InferenceGradientEngine engineF = new InferenceGradientEngine(netF);
        assertThat(engineF.dataType()).isEqualTo(DataType.FLOAT);
        INDArray gf = engineF.compute(c.x().castTo(DataType.FLOAT), c.y().castTo(DataType.FLOAT));
        assertThat(gf.dataType()).isEqualTo(DataType.FLOAT);
        double scale = gd.amaxNumber().doubleValue();
        double diff = gf.castTo(DataType.DOUBLE).sub(gd).amaxNumber().doubleValue();
        assertThat(diff).isLessThan(1e-5 * scale);
        assertThat(diff).isGreaterThan(0.0); // really computed in float
    }

    /** The FLOAT engine (its direct loops over the arrays' memory) against the DOUBLE engine (ND4J's operations) on every case. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void floatAgreesWithDoubleOnEveryCase(Case c) {
        INDArray gd = new InferenceGradientEngine(c.net()).compute(c.x(), c.y());
        INDArray gf = new InferenceGradientEngine(c.net().convertDataType(DataType.FLOAT))
                .compute(c.x().castTo(DataType.FLOAT), c.y().castTo(DataType.FLOAT));
        double scale = gd.amaxNumber().doubleValue();
        assertThat(scale).isGreaterThan(1e-3);
        assertThat(gf.castTo(DataType.DOUBLE).sub(gd).amaxNumber().doubleValue()).isLessThan(1e-5 * scale);
    }

    @Test
    void chunkingDoesNotChangeTheResult() {
        Case c = globalPooling(PoolingType.MAX);
        INDArray whole = new InferenceGradientEngine(c.net(), 100).compute(c.x(), c.y());
        InferenceGradientEngine chunked = new InferenceGradientEngine(c.net(), 2);
        INDArray buffer = Nd4j.create(DataType.DOUBLE, c.x().size(0), chunked.dimension());
        chunked.computeInto(c.x(), c.y(), buffer);
        assertThat(buffer.sub(whole).amaxNumber().doubleValue()).isLessThan(1e-14);
        assertThat(whole.amaxNumber().doubleValue()).isGreaterThan(1e-3);
        InferenceGradientEngine.releaseWorkspace();
        assertThat(chunked.compute(c.x(), c.y()).sub(whole).amaxNumber().doubleValue()).isLessThan(1e-14);
    }

    @Test
    void rowsAreTheGradientsOfSingleExamples() {
        Case c = conv();
        InferenceGradientEngine engine = new InferenceGradientEngine(c.net());
        INDArray all = engine.compute(c.x(), c.y());
        for (int k = 0; k < c.x().size(0); k++) {
            INDArray one = engine.compute(c.x().getRow(k, true), c.y().getRow(k, true));
            assertThat(one.sub(all.getRow(k, true)).amaxNumber().doubleValue()).isLessThan(1e-14);
        }
    }

    @Test
    void engineLeavesTheNetworkUnchanged() {
        Case c = dense(true);
        INDArray before = c.net().params().dup();
        new InferenceGradientEngine(c.net()).compute(c.x(), c.y());
        assertThat(c.net().params().equals(before)).isTrue();
    }

    @Test
    void dimensionIsTheTrainableCountWithoutRunningStatistics() {
        MultiLayerNetwork net = TestNetworks.dense(DataType.DOUBLE, true);
        InferenceGradientEngine engine = new InferenceGradientEngine(net);
        // dense1 6*5+5, bn gamma+beta 2*5 (mean, log10stdev excluded), dense2 5*4 (no bias), out 4*3+3
        assertThat(engine.dimension()).isEqualTo(35 + 10 + 20 + 15);
        assertThat(net.numParams()).isEqualTo(engine.dimension() + 10);
    }

    @Test
    void unsupportedLayerIsRefusedByIndexNameAndClass() {
        MultiLayerNetwork net = TestNetworks.unsupported(DataType.DOUBLE);
        assertThatThrownBy(() -> new InferenceGradientEngine(net))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("layer 1")
                .hasMessageContaining("lrn")
                .hasMessageContaining("LocalResponseNormalization");
    }

    @Test
    void badInputsAreRefusedWithWhatWasExpected() {
        Case c = dense(true);
        InferenceGradientEngine engine = new InferenceGradientEngine(c.net());
        assertThatThrownBy(() -> engine.compute(c.x(), c.y().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2),
                org.nd4j.linalg.indexing.NDArrayIndex.all())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels");
        assertThatThrownBy(() -> engine.compute(c.x(), Nd4j.zeros(DataType.DOUBLE, 4, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 3");
        assertThatThrownBy(() -> engine.computeInto(c.x(), c.y(), Nd4j.zeros(DataType.FLOAT, 4, engine.dimension())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output array");
        assertThatThrownBy(() -> new InferenceGradientEngine(c.net(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxChunk");
    }

    @Test
    void worksInsideATrainingListenerAndItsResultOutlivesDl4jWorkspaces() {
        Case c = conv();
        MultiLayerNetwork net = c.net();
        InferenceGradientEngine engine = new InferenceGradientEngine(net, 2);
        INDArray[] seen = new INDArray[2];
        net.setListeners(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void onGradientCalculation(org.deeplearning4j.nn.api.Model model) {
                seen[0] = engine.compute(c.x(), c.y());
                seen[1] = net.params().dup();
            }
        });
        net.fit(c.x(), c.y());
        net.setListeners();
        assertThat(net.params().equals(seen[1])).isFalse(); // fit updated the weights after the listener
        net.setParams(seen[1]);
        INDArray expected = engine.compute(c.x(), c.y());
        assertThat(seen[0].sub(expected).amaxNumber().doubleValue()).isEqualTo(0.0);
        assertThat(expected.amaxNumber().doubleValue()).isGreaterThan(1e-3);
    }

    /**
     * The trainable part of a DL4J gradient in layout order (each parameter's gradient flattened in C order).
     * TrainableLayout.gather(Gradient, ...) is not used: its reshape('c', length) resolves to reshape(long, long).
     */
    private static INDArray flatten(org.deeplearning4j.nn.gradient.Gradient gradient, TrainableLayout layout) {
        INDArray out = Nd4j.create(DataType.DOUBLE, layout.trainableCount());
        for (TrainableLayout.Entry e : layout.entries()) {
            INDArray g = gradient.getGradientFor(e.variable());
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(e.offset(), e.offset() + e.length()))
                    .assign(g.dup('c').reshape(new long[] {e.length()}));
        }
        return out;
    }
}
