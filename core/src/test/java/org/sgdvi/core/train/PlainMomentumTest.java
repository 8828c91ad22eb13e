package org.sgdvi.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * PlainMomentum against a hand-rolled heavy-ball iteration on linear least squares, where the
 * mini-batch gradient has the closed form grad L = (2/n) [X 1]^T r, r = X w + b - y (DL4J's MSE
 * loss with one output is the mean squared residual).
 */
class PlainMomentumTest {

    private static final int N = 5;
    private static final int D = 3;

    private static DataSet data() {
        double[][] x = {{0.5, -1.0, 2.0}, {1.5, 0.3, -0.7}, {-0.2, 0.8, 0.1}, {1.0, 1.0, 1.0}, {-1.3, 0.4, 0.9}};
        double[][] y = {{1.0}, {-0.5}, {0.25}, {2.0}, {0.0}};
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    private static MultiLayerNetwork linear(IUpdater updater, double l2) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.DOUBLE)
                .updater(updater).weightInit(WeightInit.XAVIER);
        if (l2 > 0) {
            b.l2(l2).l2Bias(l2);
        }
        MultiLayerConfiguration conf = b.list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(D).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // a non-zero bias so its gradient path is exercised from the start
        net.getLayer(0).getParam("b").assign(0.3);
        return net;
    }

    /** [w_0 .. w_{D-1}, b] of the network. */
    private static double[] weights(MultiLayerNetwork net) {
        double[] out = new double[D + 1];
        INDArray w = net.getLayer(0).getParam("W");
        for (int i = 0; i < D; i++) {
            out[i] = w.getDouble(i, 0);
        }
        out[D] = net.getLayer(0).getParam("b").getDouble(0);
        return out;
    }

    /** grad of (1/n) sum_k (w.x_k + b - y_k)^2 + (l2/2)||(w, b)||^2. */
    private static double[] gradient(double[] wb, DataSet ds, double l2) {
        double[] g = new double[D + 1];
        for (int k = 0; k < N; k++) {
            double r = wb[D] - ds.getLabels().getDouble(k, 0);
            for (int i = 0; i < D; i++) {
                r += wb[i] * ds.getFeatures().getDouble(k, i);
            }
            for (int i = 0; i < D; i++) {
                g[i] += 2.0 / N * r * ds.getFeatures().getDouble(k, i);
            }
            g[D] += 2.0 / N * r;
        }
        for (int i = 0; i <= D; i++) {
            g[i] += l2 * wb[i];
        }
        return g;
    }

    @Test
    void constantRateMatchesTheHeavyBallRecursion() {
        double lr = 0.05;
        double mu = 0.9;
        DataSet ds = data();
        MultiLayerNetwork net = linear(new PlainMomentum(lr, mu), 0);
        double[] x = weights(net);
        double[] v = new double[D + 1];
        for (int step = 0; step < 6; step++) {
            double[] g = gradient(x, ds, 0);
            for (int i = 0; i <= D; i++) {
                v[i] = mu * v[i] - lr * g[i]; // v <- mu v - eta g
                x[i] += v[i];                 // x <- x + v
            }
            net.fit(ds);
            assertThat(weights(net)).as("step %d", step).containsExactly(x, within(1e-13));
        }
        // the updater state is the momentum buffer u = -v / eta
        INDArray state = net.getUpdater().getStateViewArray();
        for (int i = 0; i <= D; i++) {
            assertThat(state.getDouble(i)).isCloseTo(-v[i] / lr, within(1e-12));
        }
    }

    /**
     * With a rate that changes (0.05 for iterations 0-2, 0.01 after), the step is PyTorch's
     * u &lt;- mu u + g, x &lt;- x - eta_t u; the v-form (eta inside the buffer) gives different weights.
     */
    @Test
    void scheduledRateRescalesTheWholeBufferAsPyTorchDoes() {
        double mu = 0.9;
        MapSchedule schedule = new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.05, 3, 0.01));
        DataSet ds = data();
        MultiLayerNetwork net = linear(new PlainMomentum(schedule, mu), 0);
        double[] x = weights(net);
        double[] xv = x.clone();
        double[] u = new double[D + 1];
        double[] v = new double[D + 1];
        for (int step = 0; step < 6; step++) {
            double lr = schedule.valueAt(step, 0);
            double[] g = gradient(x, ds, 0);
            double[] gv = gradient(xv, ds, 0);
            for (int i = 0; i <= D; i++) {
                u[i] = mu * u[i] + g[i];
                x[i] -= lr * u[i];
                v[i] = mu * v[i] - lr * gv[i];
                xv[i] += v[i];
            }
            net.fit(ds);
            assertThat(weights(net)).as("step %d", step).containsExactly(x, within(1e-13));
        }
        assertThat(Math.abs(xv[0] - x[0]) + Math.abs(xv[D] - x[D])).isGreaterThan(1e-6);
    }

    /** OptimizerSettings' weight decay adds lambda x to the gradient before the momentum step. */
    @Test
    void weightDecayIsAnL2TermBeforeTheMomentumStep() {
        double lr = 0.05;
        double mu = 0.9;
        double wd = 0.1;
        OptimizerSettings settings = new OptimizerSettings(LearningRateSchedule.constant(lr), mu, false, wd);
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER);
        settings.applyTo(b);
        MultiLayerNetwork net = new MultiLayerNetwork(b.list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(D).nOut(1)
                        .activation(Activation.IDENTITY).build()).build());
        net.init();
        net.getLayer(0).getParam("b").assign(0.3);
        DataSet ds = data();
        double[] x = weights(net);
        double[] u = new double[D + 1];
        for (int step = 0; step < 4; step++) {
            double[] g = gradient(x, ds, wd);
            for (int i = 0; i <= D; i++) {
                u[i] = mu * u[i] + g[i];
                x[i] -= lr * u[i];
            }
            net.fit(ds);
        }
        assertThat(weights(net)).containsExactly(x, within(1e-13));
    }

    @Test
    void configurationJsonRoundTripsTheUpdaterAndItsSchedule() {
        PlainMomentum updater = new PlainMomentum(LearningRateSchedule.step(0.1, 0.2, 3).toDl4j(), 0.9);
        MultiLayerConfiguration conf = linear(updater, 0).getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        IUpdater restored = ((org.deeplearning4j.nn.conf.layers.BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        assertThat(restored).isInstanceOf(PlainMomentum.class).isEqualTo(updater);
        assertThat(restored.getLearningRate(0, 7)).isEqualTo(0.1 * 0.2 * 0.2);
        assertThat(back).isEqualTo(conf);
    }

    /** Writing with the updater and reading back continues the same trajectory bit for bit. */
    @Test
    void modelSerializerRoundTripsTheMomentumBuffer(@TempDir Path dir) throws Exception {
        DataSet ds = data();
        MultiLayerNetwork net = linear(new PlainMomentum(0.05, 0.9), 0);
        net.fit(ds);
        net.fit(ds);
        File f = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertThat(back.getUpdater().getStateViewArray()).isEqualTo(net.getUpdater().getStateViewArray());
        assertThat(back.getUpdater().getStateViewArray().sumNumber().doubleValue()).isNotEqualTo(0.0);
        net.fit(ds);
        back.fit(ds);
        assertThat(back.params()).isEqualTo(net.params());
        assertThat(back.getUpdater().getStateViewArray()).isEqualTo(net.getUpdater().getStateViewArray());
    }

    @Test
    void rejectsMomentumOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new PlainMomentum(0.1, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("momentum");
        assertThatThrownBy(() -> new PlainMomentum(0.1, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
