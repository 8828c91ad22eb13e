package org.sgdvi.core.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.train.OptimizerSettings;
import org.sgdvi.core.train.SyntheticData;

class TrainableLayoutTest {

    private static MultiLayerNetwork net(String name, double scale) {
        return ModelZoo.build(name, ModelOptions.builder().widthScale(scale).dataType(DataType.DOUBLE)
                .dropout(false).optimizer(OptimizerSettings.sgd(0.1)).seed(11).build());
    }

    /** Runs a few SGD steps so BatchNorm running statistics move away from their initial 0 / 1. */
    private static void warmUp(MultiLayerNetwork net, DataSet ds) {
        for (int i = 0; i < 3; i++) {
            net.fit(ds);
        }
    }

    @Test
    void gatherThenScatterRoundTripsAndLeavesRunningStatisticsAlone() {
        MultiLayerNetwork net = net("small-lenet", 0.25);
        DataSet ds = SyntheticData.classification(8, 784, 10, 1, DataType.DOUBLE);
        warmUp(net, ds);
        TrainableLayout layout = TrainableLayout.of(net);
        INDArray before = net.params().dup();
        INDArray x = layout.gather(net, DataType.DOUBLE);

        Nd4j.getRandom().setSeed(2);
        INDArray w = Nd4j.randn(DataType.DOUBLE, layout.trainableCount());
        layout.scatter(w, net);
        assertThat(layout.gather(net, DataType.DOUBLE)).isEqualTo(w);
        for (int i = 0; i < net.getnLayers(); i++) {
            for (Map.Entry<String, INDArray> p : net.getLayer(i).paramTable().entrySet()) {
                if (!TrainableLayout.isTrainable(p.getKey())) {
                    INDArray old = net.getLayer(i).paramTable().get(p.getKey());
                    // running statistics: compare against the copy of all params taken before
                    assertThat(old.sumNumber().doubleValue()).isNotEqualTo(0.0);
                }
            }
        }
        layout.scatter(x, net);
        assertThat(net.params()).isEqualTo(before);
    }

    @Test
    void runningStatisticsAreExcludedAndCountedSeparately() {
        MultiLayerNetwork net = net("small-lenet", 0.25);
        TrainableLayout layout = TrainableLayout.of(net);
        Set<String> params = new HashSet<>();
        layout.entries().forEach(e -> params.add(e.param()));
        assertThat(params).containsExactlyInAnyOrder("W", "b", "gamma", "beta");
        long stats = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            for (Map.Entry<String, INDArray> p : net.getLayer(i).paramTable().entrySet()) {
                if (TrainableLayout.RUNNING_STATISTICS.contains(p.getKey())) {
                    stats += p.getValue().length();
                }
            }
        }
        assertThat(stats).isEqualTo(2 * (2 + 4 + 32));
        assertThat(layout.trainableCount() + stats).isEqualTo(net.numParams());
        // entries are contiguous, in layer order
        long offset = 0;
        int layer = -1;
        for (TrainableLayout.Entry e : layout.entries()) {
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e.layerIndex()).isGreaterThanOrEqualTo(layer);
            offset += e.length();
            layer = e.layerIndex();
        }
        assertThat(offset).isEqualTo(layout.trainableCount());
    }

    @Test
    void eachParameterIsFlattenedInCOrder() {
        MultiLayerNetwork net = net("small-lenet", 0.25);
        TrainableLayout layout = TrainableLayout.of(net);
        INDArray x = layout.gather(net, DataType.DOUBLE);
        for (TrainableLayout.Entry e : layout.entries()) {
            INDArray p = net.getLayer(e.layerIndex()).getParam(e.param());
            long[] shape = p.shape();
            assertThat(shape).isEqualTo(e.shape());
            for (long k = 0; k < e.length(); k++) {
                long[] idx = cIndex(k, shape);
                assertThat(x.getDouble(e.offset() + k)).as("%s element %d", e, k).isEqualTo(p.getDouble(idx));
            }
        }
        // conv weights are [out, in, kh, kw] (DL4J lists a convolution's bias before its weights)
        TrainableLayout.Entry conv1 = layout.entries().stream().filter(e -> e.layerIndex() == 0 && e.param().equals("W"))
                .findFirst().orElseThrow();
        assertThat(conv1.shape()).containsExactly(2, 1, 5, 5);
        assertThat(conv1.layerName()).isEqualTo("conv1");
    }

    /**
     * gather(gradient) after computeGradientAndScore is b times the gradient of the training-mode
     * mini-batch mean loss with respect to the trainable vector (DL4J's gradient is the SUM over the
     * b examples; the updater divides by b): checked against central finite differences of the
     * loss through scatter (two elements of every parameter).
     */
    @Test
    void gatheredGradientMatchesFiniteDifferencesTinyFc() {
        checkGradient(net("tiny-fc", 0.25), SyntheticData.classification(6, 49, 5, 3, DataType.DOUBLE));
    }

    @Test
    void gatheredGradientMatchesFiniteDifferencesSmallLenet() {
        checkGradient(net("small-lenet", 0.25), SyntheticData.classification(4, 784, 10, 4, DataType.DOUBLE));
    }

    private static void checkGradient(MultiLayerNetwork net, DataSet ds) {
        warmUp(net, ds);
        TrainableLayout layout = TrainableLayout.of(net);
        net.setInput(ds.getFeatures());
        net.setLabels(ds.getLabels());
        net.computeGradientAndScore();
        INDArray g = layout.gather(net.gradient(), DataType.DOUBLE).divi(ds.numExamples());
        INDArray x = layout.gather(net, DataType.DOUBLE);
        INDArray statsBefore = runningStatistics(net);

        // per parameter: its last element and a random one, perturbed in place
        Random r = new Random(7);
        double h = 1e-6;
        for (TrainableLayout.Entry e : layout.entries()) {
            INDArray p = net.getLayer(e.layerIndex()).getParam(e.param());
            long[] picks = {e.length() - 1, r.nextInt((int) e.length())};
            for (long k : picks) {
                long[] idx = cIndex(k, e.shape());
                double orig = p.getDouble(idx);
                p.putScalar(idx, orig + h);
                double fp = net.score(ds, true);
                p.putScalar(idx, orig - h);
                double fm = net.score(ds, true);
                p.putScalar(idx, orig);
                double fd = (fp - fm) / (2 * h);
                assertThat(g.getDouble(e.offset() + k)).as("%s element %d", e, k)
                        .isCloseTo(fd, within(1e-6 + 1e-5 * Math.abs(fd)));
            }
        }
        layout.scatter(x, net);
        assertThat(runningStatistics(net)).isEqualTo(statsBefore);
        // the trainable part carries all of the gradient's weight entries (the rest are BN statistics)
        double all = 0;
        for (Map.Entry<String, INDArray> e : net.gradient().gradientForVariable().entrySet()) {
            String key = e.getKey().substring(e.getKey().indexOf('_') + 1);
            if (TrainableLayout.isTrainable(key)) {
                all += e.getValue().norm2Number().doubleValue() * e.getValue().norm2Number().doubleValue();
            }
        }
        double gathered = g.norm2Number().doubleValue() * ds.numExamples();
        assertThat(gathered * gathered).isCloseTo(all, within(1e-12 * (1 + all)));
    }

    /** Row-major multi-index of element k of an array of the given shape. */
    private static long[] cIndex(long k, long[] shape) {
        long[] idx = new long[shape.length];
        long rem = k;
        for (int dim = shape.length - 1; dim >= 0; dim--) {
            idx[dim] = rem % shape[dim];
            rem /= shape[dim];
        }
        return idx;
    }

    private static INDArray runningStatistics(MultiLayerNetwork net) {
        java.util.List<INDArray> parts = new java.util.ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            for (Map.Entry<String, INDArray> p : net.getLayer(i).paramTable().entrySet()) {
                if (!TrainableLayout.isTrainable(p.getKey())) {
                    parts.add(p.getValue().dup().reshape(-1));
                }
            }
        }
        return Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    @Test
    void scatterRejectsAVectorOfTheWrongLength() {
        MultiLayerNetwork net = net("tiny-fc", 0.25);
        assertThatThrownBy(() -> TrainableLayout.of(net).scatter(Nd4j.zeros(DataType.DOUBLE, 3), net))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 3");
    }
}
