package org.sgdvi.core.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.List;

class ModelZooTest {

    private static ModelOptions full(int classes) {
        return ModelOptions.builder().numClasses(classes).seed(1).build();
    }

    /** Sum of the channel counts of the BatchNorm layers (each has 2 running statistics per channel). */
    private static long batchNormChannels(MultiLayerNetwork net) {
        long c = 0;
        for (Layer l : net.getLayers()) {
            if (l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization bn) {
                c += bn.getNOut();
            }
        }
        return c;
    }

    @Test
    void namesAreThePapersNetworksAndTheFullSizeOnes() {
        assertThat(ModelZoo.names()).containsExactly("small-lenet", "small-fc", "tiny-fc", "small-allcnn",
                "lenet", "allcnn-c");
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> ModelZoo.spec("resnet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resnet").hasMessageContaining("small-lenet").hasMessageContaining("allcnn-c");
        assertThatThrownBy(() -> ModelZoo.build("nope", ModelOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tiny-fc");
    }

    /** The weight counts of the paper's networks; total = trainable + 2 running statistics per BN channel. */
    @ParameterizedTest
    @CsvSource({"small-lenet,0,13338", "small-fc,0,3978", "tiny-fc,0,917", "small-allcnn,10,26982",
            "small-allcnn,100,29412"})
    void paperWeightCounts(String name, int classes, long expected) {
        MultiLayerNetwork net = ModelZoo.build(name, full(classes));
        TrainableLayout layout = TrainableLayout.of(net);
        assertThat(layout.trainableCount()).isEqualTo(expected);
        assertThat(layout.totalParams()).isEqualTo(expected + 2 * batchNormChannels(net));
        assertThat(net.numParams()).isEqualTo(layout.totalParams());
    }

    /** conv k x k cin -> cout with bias: k^2 cin cout + cout; dense: nin nout + nout. */
    private static long conv(int k, long cin, long cout) {
        return (long) k * k * cin * cout + cout;
    }

    private static long dense(long nin, long nout) {
        return nin * nout + nout;
    }

    @Test
    void fullSizeLenetCountByHand() {
        // 28 -conv5-> 24 -pool2-> 12 -conv5-> 8 -pool2-> 4: the dense layer sees 50*4*4 = 800 inputs
        long expected = conv(5, 1, 20) + conv(5, 20, 50) + dense(50 * 4 * 4, 500) + dense(500, 10);
        assertThat(expected).isEqualTo(431_080);
        MultiLayerNetwork net = ModelZoo.build("lenet", full(0));
        assertThat(TrainableLayout.of(net).trainableCount()).isEqualTo(expected);
        assertThat(net.numParams()).isEqualTo(expected);
    }

    /** All-CNN-C widths 96/192 with a BN (2 weights per channel) after every convolution. */
    private static long allCnnByHand(long c1, long c2, long classes) {
        long bn1 = 2 * c1;
        long bn2 = 2 * c2;
        return conv(3, 3, c1) + bn1 + 2 * (conv(3, c1, c1) + bn1)
                + conv(3, c1, c2) + bn2 + 2 * (conv(3, c2, c2) + bn2)
                + 2 * (conv(3, c2, c2) + bn2)
                + conv(1, c2, classes) + 2 * classes;
    }

    @Test
    void allCnnCCountByHand() {
        assertThat(allCnnByHand(12, 24, 10)).isEqualTo(26_982); // the formula reproduces the paper's count
        long expected = allCnnByHand(96, 192, 10);
        MultiLayerNetwork net = ModelZoo.build("allcnn-c", full(0));
        assertThat(TrainableLayout.of(net).trainableCount()).isEqualTo(expected).isEqualTo(1_667_166);
        assertThat(net.numParams()).isEqualTo(expected + 2 * (3 * 96 + 5 * 192 + 10));
    }

    @Test
    void widthScaleMultipliesHiddenWidthsOnly() {
        ModelOptions quarter = ModelOptions.builder().widthScale(0.25).build();
        // small-lenet at 1/4: 2, 4 channels, dense 4*2*2 = 16 -> 32
        long lenet = conv(5, 1, 2) + 4 + conv(5, 2, 4) + 8 + dense(16, 32) + 64 + dense(32, 10);
        assertThat(TrainableLayout.of(ModelZoo.build("small-lenet", quarter)).trainableCount()).isEqualTo(lenet);
        assertThat(TrainableLayout.of(ModelZoo.build("tiny-fc", quarter)).trainableCount())
                .isEqualTo(dense(49, 4) + 8 + dense(4, 5));
        assertThat(TrainableLayout.of(ModelZoo.build("small-allcnn", quarter)).trainableCount())
                .isEqualTo(allCnnByHand(3, 6, 10));
        ModelOptions tiny = ModelOptions.builder().widthScale(0.01).build();
        assertThat(TrainableLayout.of(ModelZoo.build("tiny-fc", tiny)).trainableCount())
                .isEqualTo(dense(49, 1) + 2 + dense(1, 5)); // at least one unit
    }

    @Test
    void specsDescribeInputsAndClasses() {
        assertThat(ModelZoo.spec("tiny-fc").inputSize()).isEqualTo(49);
        assertThat(ModelZoo.spec("tiny-fc").defaultClasses()).isEqualTo(5);
        assertThat(ModelZoo.spec("small-fc").inputSize()).isEqualTo(49);
        assertThat(ModelZoo.spec("small-lenet").inputSize()).isEqualTo(784);
        assertThat(ModelZoo.spec("small-allcnn").inputSize()).isEqualTo(3072);
        assertThat(ModelZoo.spec("allcnn-c").channels()).isEqualTo(3);
    }

    /** Every network maps flat rows to probability rows over its classes. */
    @ParameterizedTest
    @CsvSource({"small-lenet,0.25,0", "small-fc,0.25,0", "tiny-fc,1,0", "small-allcnn,0.25,100", "lenet,0.1,0",
            "allcnn-c,0.05,0"})
    void outputsAreProbabilitiesOverTheClasses(String name, double scale, int classes) {
        ModelSpec spec = ModelZoo.spec(name);
        MultiLayerNetwork net = ModelZoo.build(name, ModelOptions.builder().widthScale(scale).numClasses(classes)
                .dataType(DataType.DOUBLE).seed(3).build());
        int k = classes == 0 ? spec.defaultClasses() : classes;
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, spec.inputSize());
        INDArray p = net.output(x, false);
        assertThat(p.shape()).containsExactly(3, k);
        for (int i = 0; i < 3; i++) {
            assertThat(p.getRow(i).sumNumber().doubleValue()).isCloseTo(1.0, within(1e-12));
        }
        assertThat(p.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        // one training step (dropout and BatchNorm in training mode) runs and gives a finite loss
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, k);
        for (int i = 0; i < 3; i++) {
            y.putScalar(i, i % k, 1.0);
        }
        net.fit(x, y);
        assertThat(net.score()).isFinite().isPositive();
    }

    @Test
    void allCnnPoolsAnEightByEightMapOfClassScores() {
        MultiLayerNetwork net = ModelZoo.build("small-allcnn", ModelOptions.builder().widthScale(0.25)
                .dataType(DataType.DOUBLE).build());
        List<INDArray> acts = net.feedForward(Nd4j.rand(DataType.DOUBLE, 2, 3072), false);
        int gap = -1;
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i).conf().getLayer() instanceof GlobalPoolingLayer) {
                gap = i;
            }
        }
        assertThat(gap).isPositive();
        // acts.get(0) is the input, acts.get(i + 1) the output of layer i
        assertThat(acts.get(gap).shape()).containsExactly(2, 10, 8, 8);
        assertThat(acts.get(gap + 1).shape()).containsExactly(2, 10);
    }

    @Test
    void dropoutLayersTakeTheRetainProbability() {
        MultiLayerNetwork lenet = ModelZoo.build("small-lenet", ModelOptions.builder().widthScale(0.25).build());
        List<Double> retain = new java.util.ArrayList<>();
        for (Layer l : lenet.getLayers()) {
            if (l.conf().getLayer() instanceof DropoutLayer d) {
                retain.add(((Dropout) d.getIDropout()).getP());
            }
        }
        assertThat(retain).containsExactly(0.9, 0.9, 0.9);
        MultiLayerNetwork allcnn = ModelZoo.build("small-allcnn", ModelOptions.builder().widthScale(0.25).build());
        assertThat(allcnn.getLayer(0).conf().getLayer()).isInstanceOf(DropoutLayer.class);
        assertThat(((Dropout) ((DropoutLayer) allcnn.getLayer(0).conf().getLayer()).getIDropout()).getP())
                .isEqualTo(0.8);
        MultiLayerNetwork off = ModelZoo.build("small-lenet", ModelOptions.builder().widthScale(0.25)
                .dropout(false).build());
        for (Layer l : off.getLayers()) {
            assertThat(l.conf().getLayer()).isNotInstanceOf(DropoutLayer.class);
        }
    }
}
