package org.sgdvi.core.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.sgdvi.core.gradients.HessianVectorProducts.Curvature;
import org.sgdvi.core.models.TrainableLayout;

/**
 * The R-operator's Hessian-vector products against independent truths, in DOUBLE with random BatchNorm running
 * statistics: central differences of the exact mean gradient along seeded directions (every layer type), the
 * symmetry of the dense Hessian assembled column by column from products, and, for a softmax regression (the
 * logits are linear in the weights), the closed form H = G = (1/N) sum_k (diag p_k - p_k p_k^T) kron x_k x_k^T.
 */
@ExtendWith(SingleThreadedNd4j.class)
class HessianVectorProductsTest {

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("dense (tanh, BN log-std, ReLU, softplus)", TestNetworks.dense(DataType.DOUBLE, true), new long[] {6}),
                Arguments.of("dense (BN var)", TestNetworks.dense(DataType.DOUBLE, false), new long[] {6}),
                Arguments.of("conv (max 3x3, Same, avg pool pad)", TestNetworks.conv(DataType.DOUBLE), new long[] {288}),
                Arguments.of("global AVG + LossLayer", TestNetworks.globalPooling(DataType.DOUBLE, PoolingType.AVG), new long[] {2, 6, 6}),
                Arguments.of("global MAX + LossLayer", TestNetworks.globalPooling(DataType.DOUBLE, PoolingType.MAX), new long[] {2, 6, 6}),
                Arguments.of("global SUM + LossLayer", TestNetworks.globalPooling(DataType.DOUBLE, PoolingType.SUM), new long[] {2, 6, 6}),
                Arguments.of("plain (tanh conv, max, sigmoid)", TestNetworks.plain(DataType.DOUBLE), new long[] {64}),
                Arguments.of("tiny-fc x0.5", TestNetworks.zoo("tiny-fc", 0.5, false), new long[] {49}),
                Arguments.of("small-lenet x0.25", TestNetworks.zoo("small-lenet", 0.25, false), new long[] {784}),
                Arguments.of("small-allcnn x0.25 tanh", TestNetworks.zoo("small-allcnn", 0.25, true), new long[] {3072}));
    }

    /** Seeded Gaussian inputs and one-hot labels, after seeded random BatchNorm running statistics (in that order). */
    private record Examples(INDArray x, INDArray y) {
        static Examples seeded(MultiLayerNetwork net, long[] inputs, int count, Random rng) {
            SeededNetworkInputs.randomizeBatchNorm(net, rng);
            int classes = (int) net.output(Nd4j.zeros(DataType.DOUBLE, shape(1, inputs)), false).size(1);
            INDArray x = SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, shape(count, inputs));
            return new Examples(x, SeededNetworkInputs.oneHot(rng, DataType.DOUBLE, count, classes));
        }
    }

    /** grad f = (1/N) sum_k g_k from the per-example engine (the first-order oracle). */
    private static INDArray meanGradient(MultiLayerNetwork net, INDArray x, INDArray y) {
        return new InferenceGradientEngine(net).compute(x, y).mean(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void productsMatchCentralDifferencesOfTheExactGradient(String name, MultiLayerNetwork net, long[] inputs) {
        Random rng = new Random(41);
        Examples ex = Examples.seeded(net, inputs, 7, rng);
        INDArray x = ex.x();
        INDArray y = ex.y();
        TrainableLayout layout = TrainableLayout.of(net);
        long d = layout.trainableCount();
        INDArray v = SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, d, 3);
        HessianVectorProducts hvp = new HessianVectorProducts(net, 3, Curvature.HESSIAN);
        HessianVectorProducts.Products p = hvp.apply(x, y, v);

        INDArray w0 = layout.gather(net, DataType.DOUBLE);
        INDArray g0 = meanGradient(net, x, y);
        assertThat(relative(p.gradient(), g0)).as("gradient from the R-pass vs the per-example engine").isLessThan(1e-12);
        double h = 1e-5;
        for (int j = 0; j < 3; j++) {
            INDArray vj = v.getColumn(j).reshape(d);
            layout.scatter(w0.add(vj.mul(h)), net);
            INDArray plus = meanGradient(net, x, y);
            layout.scatter(w0.sub(vj.mul(h)), net);
            INDArray minus = meanGradient(net, x, y);
            layout.scatter(w0, net);
            INDArray fd = plus.sub(minus).divi(2 * h);
            assertThat(relative(p.products().getColumn(j).reshape(d), fd)).as("%s direction %d", name, j).isLessThan(1e-6);
        }
        // chunking does not change the products
        INDArray whole = new HessianVectorProducts(net, 64, Curvature.HESSIAN).apply(x, y, v).products();
        assertThat(relative(whole, p.products())).isLessThan(1e-13);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void hessianIsSymmetricAndGaussNewtonIsPositive(String name, MultiLayerNetwork net, long[] inputs) {
        long d = TrainableLayout.of(net).trainableCount();
        Random rng = new Random(43);
        Examples ex = Examples.seeded(net, inputs, 5, rng);
        INDArray x = ex.x();
        INDArray y = ex.y();
        // dense (the identity's columns) where d is small, a random 8-dimensional compression V^T C V otherwise
        INDArray v = d <= 800 ? Nd4j.eye(d).castTo(DataType.DOUBLE) : SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, d, 8);
        for (Curvature c : Curvature.values()) {
            INDArray m = v.transpose().mmul(new HessianVectorProducts(net, 8, c).apply(x, y, v).products());
            assertThat(m.sub(m.transpose()).norm2Number().doubleValue()).as("%s: ||C - C^T|| for %s", name, c)
                    .isLessThan(1e-12 * m.norm2Number().doubleValue());
            if (c == Curvature.GAUSS_NEWTON) {
                double[] mu = org.sgdvi.core.linalg.SymmetricEigen.eigenvalues(m.add(m.transpose()).divi(2),
                        org.sgdvi.core.linalg.SymmetricEigen.Order.ASCENDING);
                assertThat(mu[0]).as("%s: smallest eigenvalue of G", name).isGreaterThan(-1e-12 * mu[mu.length - 1]);
            }
        }
    }

    static Stream<Arguments> everyRuleAndZooNetwork() {
        return Stream.concat(networks().filter(a -> !((String) a.get()[0]).startsWith("small-allcnn")), Stream.of(
                Arguments.of("small-fc", TestNetworks.zoo("small-fc", 0.5, false), new long[] {49}),
                Arguments.of("lenet x0.25", TestNetworks.zoo("lenet", 0.25, false), new long[] {784}),
                Arguments.of("small-allcnn x0.5", TestNetworks.zoo("small-allcnn", 0.5, false), new long[] {3072}),
                Arguments.of("allcnn-c x0.125", TestNetworks.zoo("allcnn-c", 0.125, false), new long[] {3072})));
    }

    /**
     * One R-pass for a block of directions (the stacked R-quantities) equals one R-pass per direction, for both
     * matrices, whether all directions share a pass, they come in uneven groups of 2, or a memory budget too
     * small for any stack sends them one per pass through the budget's route.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRuleAndZooNetwork")
    void blockOfDirectionsInOnePassEqualsOnePassPerDirection(String name, MultiLayerNetwork net, long[] inputs) {
        Random rng = new Random(53);
        Examples ex = Examples.seeded(net, inputs, 9, rng);
        INDArray v = SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, TrainableLayout.of(net).trainableCount(), 5);
        for (Curvature c : Curvature.values()) {
            HessianVectorProducts.Products single = new HessianVectorProducts(net, 4, c, 1).apply(ex.x(), ex.y(), v);
            HessianVectorProducts.Products[] batched = {
                new HessianVectorProducts(net, 4, c).apply(ex.x(), ex.y(), v),
                new HessianVectorProducts(net, 4, c, 2).apply(ex.x(), ex.y(), v),
                new HessianVectorProducts(net, 9, c, 0, 1).apply(ex.x(), ex.y(), v)};
            for (int i = 0; i < batched.length; i++) {
                for (int j = 0; j < 5; j++) {
                    assertThat(relative(batched[i].products().getColumn(j), single.products().getColumn(j)))
                            .as("%s, %s, variant %d, direction %d", name, c, i, j).isLessThan(1e-10);
                }
                assertThat(relative(batched[i].gradient(), single.gradient())).as("%s, %s, variant %d: gradient", name, c, i)
                        .isLessThan(1e-12);
            }
        }
    }

    /**
     * The memory budget's two routes on small-lenet x0.25 (convolutions whose receptive fields set the stack
     * width) with 50 examples and 5 directions: a budget of 20 stacked examples per direction shrinks the chunks from 40
     * to 20 examples with all 5 directions in one pass; a budget of 10 shrinks them to {@link
     * HessianVectorProducts#MIN_CHUNK} and splits the directions 3 + 2. Both equal one R-pass per direction over chunks
     * of 40 and the default budget's unshrunken chunks (in DOUBLE, to 1e-10 relative per direction).
     */
    @Test
    void chunksShrunkByTheMemoryBudgetGiveTheSameProducts() {
        MultiLayerNetwork net = TestNetworks.zoo("small-lenet", 0.25, false);
        Random rng = new Random(59);
        Examples ex = Examples.seeded(net, new long[] {784}, 50, rng);
        int b = 5;
        INDArray v = SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, TrainableLayout.of(net).trainableCount(), b);
        for (Curvature c : Curvature.values()) {
            HessianVectorProducts unshrunk = new HessianVectorProducts(net, 40, c);
            long width = unshrunk.stackWidth(ex.x());
            assertThat(width).as("stack width of small-lenet x0.25").isGreaterThan(784);
            assertThat(unshrunk.split(ex.x(), b)).isEqualTo(new HessianVectorProducts.Split(40, b));
            HessianVectorProducts shrunk = new HessianVectorProducts(net, 40, c, 0, width * b * 20);
            assertThat(shrunk.split(ex.x(), b)).as("shrunken chunks, all directions in one pass")
                    .isEqualTo(new HessianVectorProducts.Split(20, b));
            HessianVectorProducts floor = new HessianVectorProducts(net, 40, c, 0, width * b * 10);
            assertThat(floor.split(ex.x(), b)).as("chunks at the floor, directions split")
                    .isEqualTo(new HessianVectorProducts.Split(HessianVectorProducts.MIN_CHUNK, 3));
            HessianVectorProducts.Products single = new HessianVectorProducts(net, 40, c, 1).apply(ex.x(), ex.y(), v);
            HessianVectorProducts.Products whole = unshrunk.apply(ex.x(), ex.y(), v);
            for (HessianVectorProducts budgeted : List.of(shrunk, floor)) {
                HessianVectorProducts.Products p = budgeted.apply(ex.x(), ex.y(), v);
                String route = c + " " + budgeted.split(ex.x(), b);
                for (int j = 0; j < b; j++) {
                    assertThat(relative(p.products().getColumn(j), single.products().getColumn(j)))
                            .as("%s direction %d vs one R-pass per direction", route, j).isLessThan(1e-10);
                    assertThat(relative(p.products().getColumn(j), whole.products().getColumn(j)))
                            .as("%s direction %d vs unshrunken chunks", route, j).isLessThan(1e-10);
                }
                assertThat(relative(p.gradient(), single.gradient())).as("%s gradient", route).isLessThan(1e-12);
            }
        }
    }

    @Test
    void softmaxRegressionHessianIsTheClosedFormAndEqualsGaussNewton() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).hasBias(false).build())
                .setInputType(InputType.feedForward(4)).build());
        net.init();
        Random rng = new Random(47);
        INDArray x = SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, 6, 4);
        INDArray y = SeededNetworkInputs.oneHot(rng, DataType.DOUBLE, 6, 3);
        INDArray p = net.output(x, false);
        // W is [4, 3] flattened in C order: index i * 3 + c
        INDArray closed = Nd4j.zeros(DataType.DOUBLE, 12, 12);
        for (int k = 0; k < 6; k++) {
            for (int i = 0; i < 4; i++) {
                for (int c = 0; c < 3; c++) {
                    for (int j = 0; j < 4; j++) {
                        for (int e = 0; e < 3; e++) {
                            double pc = p.getDouble(k, c);
                            double s = (c == e ? pc : 0) - pc * p.getDouble(k, e);
                            closed.putScalar(i * 3 + c, j * 3 + e, closed.getDouble(i * 3 + c, j * 3 + e)
                                    + s * x.getDouble(k, i) * x.getDouble(k, j) / 6);
                        }
                    }
                }
            }
        }
        INDArray eye = Nd4j.eye(12).castTo(DataType.DOUBLE);
        INDArray h = new HessianVectorProducts(net, 4, Curvature.HESSIAN).apply(x, y, eye).products();
        INDArray g = new HessianVectorProducts(net, 4, Curvature.GAUSS_NEWTON).apply(x, y, eye).products();
        assertThat(relative(h, closed)).isLessThan(1e-13);
        assertThat(relative(g, closed)).isLessThan(1e-13);
    }

    @Test
    void refusesOverlappingMaxPoolingWindows() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .list()
                .layer(new org.deeplearning4j.nn.conf.layers.SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3)
                        .stride(1, 1).name("overlap").build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(5, 5, 1)).build());
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 25);
        INDArray y = Nd4j.eye(2).castTo(DataType.DOUBLE);
        HessianVectorProducts hvp = new HessianVectorProducts(net, 4, Curvature.HESSIAN);
        assertThatThrownBy(() -> hvp.apply(x, y, Nd4j.rand(DataType.DOUBLE, hvp.dimension(), 1)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("non-overlapping");
    }

    private static long[] shape(long examples, long[] perExample) {
        long[] s = new long[perExample.length + 1];
        s[0] = examples;
        System.arraycopy(perExample, 0, s, 1, perExample.length);
        return s;
    }

    static double relative(INDArray a, INDArray b) {
        double scale = Math.max(a.norm2Number().doubleValue(), b.norm2Number().doubleValue());
        return a.sub(b).norm2Number().doubleValue() / Math.max(scale, 1e-300);
    }
}
