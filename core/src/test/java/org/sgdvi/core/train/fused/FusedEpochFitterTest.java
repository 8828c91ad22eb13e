package org.sgdvi.core.train.fused;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.core.train.EpochFitter;
import org.sgdvi.core.train.LearningRateSchedule;
import org.sgdvi.core.train.OptimizerSettings;
import org.sgdvi.core.train.ShuffledDataSetIterator;
import org.sgdvi.core.train.SyntheticData;
import org.sgdvi.core.train.TrainResult;
import org.sgdvi.core.train.TrainSettings;
import org.sgdvi.core.train.Trainer;

/**
 * The fused engine against the reference, DL4J's own {@code fit}: the same network, data, batches
 * and schedule trained by both; every parameter (BatchNorm running statistics included), every
 * momentum buffer and the iteration count must agree to float32 precision.
 */
class FusedEpochFitterTest {

    /**
     * Float32 rounding differences (summation order of BLAS versus loops) after tens of steps stay
     * below this relative difference (measured: 2.1e-6 after 28 momentum steps, 3.8e-6 after 12
     * SGD steps of small-fc; after one step 1.2e-6 for the weights and 8e-6 for the momentum buffer,
     * i.e. the gradient, whose BatchNorm backward pass cancels digits; float32 epsilon is 1.2e-7),
     * while the weights move by far more.
     */
    private static final double TOLERANCE = 2e-5;

    private static OptimizerSettings piecewise(double burnInRate, double rate, int switchEpoch, double mu) {
        Map<Integer, Double> m = new TreeMap<>();
        m.put(0, burnInRate);
        m.put(switchEpoch, rate);
        return new OptimizerSettings(LearningRateSchedule.piecewise(m), mu, false, 0.0);
    }

    private static TrainResult train(String model, OptimizerSettings opt, DataSet data, int batch, int epochs,
                                     EpochFitter engine) {
        MultiLayerNetwork net = ModelZoo.build(model, ModelOptions.builder().numClasses(5).seed(7).dropout(false)
                .optimizer(opt).build());
        TrainSettings settings = new TrainSettings(epochs, batch, 11, opt, 0, 1);
        return Trainer.builder(settings, new ShuffledDataSetIterator(data, batch, 5)).epochFitter(engine).build()
                .train(net);
    }

    /** The same training by DL4J's fit (the reference) and by the fused engine. */
    private record Both(TrainResult reference, TrainResult fused) {
        static Both train(String model, OptimizerSettings opt, DataSet data, int batch, int epochs) {
            return new Both(FusedEpochFitterTest.train(model, opt, data, batch, epochs, EpochFitter.dl4j()),
                    FusedEpochFitterTest.train(model, opt, data, batch, epochs, new FusedEpochFitter()));
        }

        void assertSameState(double tolerance) {
            FusedEpochFitterTest.assertSameState(fused.network(), reference.network(), tolerance);
        }
    }

    private static void assertSameState(MultiLayerNetwork fused, MultiLayerNetwork reference, double tolerance) {
        assertThat(fused.getIterationCount()).isEqualTo(reference.getIterationCount());
        assertClose(fused.params(), reference.params(), "parameters", tolerance);
        INDArray referenceState = reference.getUpdater().getStateViewArray();
        if (referenceState == null) {
            assertThat(fused.getUpdater().getStateViewArray()).as("plain SGD has no updater state").isNull();
        } else {
            assertClose(fused.getUpdater().getStateViewArray(), referenceState, "momentum buffers", tolerance);
        }
    }

    private static void assertClose(INDArray actual, INDArray expected, String what, double tolerance) {
        float[] a = actual.castTo(DataType.FLOAT).toFloatVector();
        float[] e = expected.castTo(DataType.FLOAT).toFloatVector();
        assertThat(a).hasSameSizeAs(e);
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        // relative difference per entry, with a floor of 1% of the largest entry: entries that are
        // pure rounding noise (the gradient of b1 is mathematically 0 under BatchNorm) have no
        // meaningful relative precision
        double worst = 0;
        for (int k = 0; k < a.length; k++) {
            worst = Math.max(worst, Math.abs(a[k] - e[k]) / (Math.abs(e[k]) + 0.01 * scale));
        }
        assertThat(worst).as("largest relative difference of the %s", what).isLessThan(tolerance);
    }

    @Test
    void tinyFcWithMomentumAndAPiecewiseRateMatchesDl4jFit() {
        DataSet data = SyntheticData.classification(200, 49, 5, 3, DataType.FLOAT);
        OptimizerSettings opt = piecewise(0.1, 0.01, 2, 0.9);
        Both both = Both.train("tiny-fc", opt, data, 32, 4);
        assertThat(both.reference().iterations()).isEqualTo(4 * 7);
        MultiLayerNetwork initial = ModelZoo.build("tiny-fc", ModelOptions.builder().numClasses(5).seed(7)
                .dropout(false).optimizer(opt).build());
        double moved = both.reference().network().params().sub(initial.params()).norm2Number().doubleValue()
                / initial.params().norm2Number().doubleValue();
        assertThat(moved).as("relative change of the weights by training").isGreaterThan(0.05);
        both.assertSameState(TOLERANCE);
    }

    @Test
    void oneStepAgreesToFloat32Rounding() {
        DataSet data = SyntheticData.classification(64, 49, 5, 9, DataType.FLOAT);
        OptimizerSettings opt = piecewise(0.1, 0.01, 2, 0.9);
        Both both = Both.train("tiny-fc", opt, data, 64, 1);
        assertThat(both.reference().iterations()).isEqualTo(1);
        both.assertSameState(TOLERANCE);
    }

    @Test
    void smallFcWithPlainSgdMatchesDl4jFit() {
        DataSet data = SyntheticData.classification(96, 49, 5, 4, DataType.FLOAT);
        OptimizerSettings opt = OptimizerSettings.sgd(0.05);
        Both both = Both.train("small-fc", opt, data, 16, 2);
        both.assertSameState(TOLERANCE);
    }
}
