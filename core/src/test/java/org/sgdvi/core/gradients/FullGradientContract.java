package org.sgdvi.core.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.core.models.TrainableLayout;
import org.sgdvi.core.train.OptimizerSettings;
import org.sgdvi.core.train.SyntheticData;

/**
 * The contract every {@link FullGradient} meets, run on small seeded zoo networks whose weights and
 * BatchNorm running statistics a few DL4J training steps made non-trivial, over more examples than
 * one chunk where the net is cheap:
 * <ul>
 *   <li>grad f against central finite differences of DL4J's own inference-mode loss
 *       ({@code score(data, false)}) on a float64 copy of the network, and f against that loss;</li>
 *   <li>the invariants: length d, finite, N examples, grad f the mean of the engine's per-example
 *       gradients, a wrong buffer refused;</li>
 *   <li>on the dense-BatchNorm nets (tiny-fc, small-fc), loss and gradient against the other
 *       implementation, to float32 precision.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FullGradientContract {

    /**
     * A seeded network and example set.
     *
     * @param model zoo name
     * @param widthScale the zoo's width multiplier
     * @param dtype the network's data type
     * @param examples N
     */
    record Case(String model, double widthScale, DataType dtype, int examples) {

        int inputs() {
            return ModelZoo.spec(model).inputSize();
        }

        MultiLayerNetwork network() {
            MultiLayerNetwork net = ModelZoo.build(model, ModelOptions.builder().numClasses(CLASSES).widthScale(widthScale)
                    .seed(21).dropout(false).dataType(dtype).optimizer(OptimizerSettings.sgd(0.2)).build());
            for (int i = 0; i < 4; i++) {
                net.fit(SyntheticData.classification(32, inputs(), CLASSES, 100 + i, dtype));
            }
            return net;
        }

        DataSet data() {
            return SyntheticData.classification(examples, inputs(), CLASSES, 8, dtype);
        }

        @Override
        public String toString() {
            return model + " x" + widthScale + " " + dtype + ", N = " + examples;
        }
    }

    static final int CLASSES = 5;

    /** The implementation under test over {@code data}, bound to {@code net}. */
    abstract FullGradient create(MultiLayerNetwork net, DataSet data);

    /** The other implementation, for the networks both support. */
    abstract FullGradient other(MultiLayerNetwork net, DataSet data);

    /** The networks this implementation is checked on. */
    abstract Stream<Case> cases();

    /** Relative accuracy of the implementation's arithmetic for networks of {@code dtype}. */
    static double accuracy(DataType dtype) {
        return dtype == DataType.DOUBLE ? 1e-7 : 1e-4;
    }

    static Stream<Case> denseBatchNormCases() {
        return Stream.of(new Case("tiny-fc", 1.0, DataType.FLOAT, 300), new Case("small-fc", 0.5, DataType.FLOAT, 300));
    }

    private static INDArray weights(MultiLayerNetwork net) {
        return TrainableLayout.of(net).gather(net, net.params().dataType());
    }

    private static double maxAbs(double[] v) {
        return java.util.Arrays.stream(v).map(Math::abs).max().orElse(0);
    }

    /** A case's network and examples with the implementation under test bound to them. */
    private record Bound(MultiLayerNetwork net, DataSet data, FullGradient full) {
    }

    private Bound bound(Case c) {
        MultiLayerNetwork net = c.network();
        DataSet data = c.data();
        return new Bound(net, data, create(net, data));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesCentralFiniteDifferencesOfTheInferenceLoss(Case c) {
        Bound b = bound(c);
        int d = Math.toIntExact(b.full().dimension());
        double[] g = new double[d];
        double loss = b.full().evaluate(weights(b.net()), g);

        MultiLayerNetwork ref = b.net().convertDataType(DataType.DOUBLE);
        DataSet data64 = new DataSet(b.data().getFeatures().castTo(DataType.DOUBLE),
                b.data().getLabels().castTo(DataType.DOUBLE));
        TrainableLayout layout = TrainableLayout.of(ref);
        INDArray x = layout.gather(ref, DataType.DOUBLE);
        double acc = accuracy(c.dtype());
        double score = ref.score(data64, false);
        assertThat(Math.abs(loss - score)).as("f against DL4J's inference-mode loss %g", score)
                .isLessThan(acc * Math.max(1, Math.abs(score)));
        // about 80 weights spread over every layer, and the last 20 (the output layer)
        List<Integer> checked = new ArrayList<>();
        int stride = Math.max(1, d / 80);
        for (int k = 0; k < d; k++) {
            if (k % stride == 0 || k >= d - 20) {
                checked.add(k);
            }
        }
        double h = 1e-5;
        double scale = 0;
        double[] fd = new double[d];
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
        assertThat(scale).as("the checked derivatives are not all zero").isGreaterThan(1e-3);
        for (int k : checked) {
            // central differences err by O(h^2 f''') and by O(eps f / h) = 1e-11 in double
            assertThat(Math.abs(g[k] - fd[k])).as("weight %d: %g vs finite difference %g", k, g[k], fd[k])
                    .isLessThan(acc * scale + acc * Math.abs(fd[k]) + 1e-8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keepsTheInvariants(Case c) {
        Bound b = bound(c);
        MultiLayerNetwork net = b.net();
        DataSet data = b.data();
        FullGradient full = b.full();
        long d = TrainableLayout.of(net).trainableCount();
        assertThat(full.dimension()).isEqualTo(d);
        assertThat(full.exampleCount()).isEqualTo(c.examples());
        INDArray before = net.params().dup();
        double[] g = new double[(int) d];
        double loss = full.evaluate(weights(net), g);
        assertThat(net.params()).as("evaluation at the network's own weights leaves the network as it was")
                .isEqualTo(before);
        assertThat(loss).isFinite().isPositive();
        assertThat(java.util.Arrays.stream(g).allMatch(Double::isFinite)).as("grad f is finite").isTrue();
        // grad f is the mean of the per-example gradients g_k (a second route: the engine's rows, averaged by ND4J)
        INDArray rows = new InferenceGradientEngine(net).compute(data.getFeatures(), data.getLabels());
        double[] mean = rows.castTo(DataType.DOUBLE).mean(0).toDoubleVector();
        double scale = maxAbs(mean);
        assertThat(scale).isGreaterThan(1e-3);
        double acc = c.dtype() == DataType.DOUBLE ? 1e-12 : 1e-5;
        for (int k = 0; k < d; k++) {
            assertThat(Math.abs(g[k] - mean[k])).as("weight %d", k).isLessThan(acc * scale);
        }
        assertThat(full.gradient(weights(net)).toDoubleVector()).containsExactly(g);
        assertThatThrownBy(() -> full.evaluate(weights(net), new double[(int) d + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("d = " + d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denseBatchNormCases")
    void agreesWithTheOtherImplementation(Case c) {
        MultiLayerNetwork net = c.network();
        DataSet data = c.data();
        FullGradient mine = create(net, data);
        FullGradient theirs = other(net, data);
        int d = Math.toIntExact(mine.dimension());
        double[] a = new double[d];
        double[] b = new double[d];
        double la = mine.evaluate(weights(net), a);
        double lb = theirs.evaluate(weights(net), b);
        assertThat(Math.abs(la - lb)).isLessThan(1e-5 * Math.abs(lb));
        double scale = maxAbs(b);
        assertThat(scale).isGreaterThan(1e-3);
        for (int k = 0; k < d; k++) {
            assertThat(Math.abs(a[k] - b[k])).as("weight %d", k).isLessThan(1e-5 * scale);
        }
        // away from the network's weights too: x moved along a seeded direction
        INDArray x = weights(net).addi(org.nd4j.linalg.factory.Nd4j.rand(net.params().dataType(), d).subi(0.5).muli(0.1));
        la = mine.evaluate(x, a);
        lb = theirs.evaluate(x, b);
        assertThat(Math.abs(la - lb)).isLessThan(1e-5 * Math.abs(lb));
        for (int k = 0; k < d; k++) {
            assertThat(Math.abs(a[k] - b[k])).as("moved, weight %d", k).isLessThan(1e-5 * scale);
        }
    }
}
