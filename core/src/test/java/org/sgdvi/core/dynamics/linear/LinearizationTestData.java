package org.sgdvi.core.dynamics.linear;

import java.util.SplittableRandom;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Seeded tiny networks and data for the Lemma 20 network tests. */
final class LinearizationTestData {

    private LinearizationTestData() {
    }

    /** Softmax regression, no hidden layer: one softmax output layer nIn -> nOut with bias, MCXENT, weights ~ N(0, 1). */
    static MultiLayerNetwork softmaxRegression(DataType type, int nIn, int nOut, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .weightInit(WeightInit.NORMAL).list()
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(nIn).nOut(nOut).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        SplittableRandom rnd = new SplittableRandom(seed);
        INDArray b = net.getLayer(0).getParam("b");
        for (long i = 0; i < b.length(); i++) {
            b.putScalar(i, 0.5 * rnd.nextGaussian());
        }
        return net;
    }

    /**
     * Smooth net with BatchNorm: dense nIn -> 5 (identity), BatchNorm (random running statistics,
     * gamma, beta), tanh, softmax 5 -> 3 (MCXENT); d = 5 nIn + 5 + 10 + 18.
     */
    static MultiLayerNetwork batchNormTanh(DataType type, int nIn, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(nIn).nOut(5).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(5).build())
                .layer(new ActivationLayer.Builder().activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        for (Layer layer : net.getLayers()) {
            if (!(layer.conf().getLayer() instanceof BatchNormalization)) {
                continue;
            }
            layer.paramTable().forEach((key, p) -> {
                for (long i = 0; i < p.length(); i++) {
                    double v = switch (key) {
                        case "mean" -> 0.3 * rnd.nextGaussian();
                        case "var" -> 0.5 + 1.5 * rnd.nextDouble();
                        case "log10stdev" -> Math.log10(Math.sqrt(0.5 + 1.5 * rnd.nextDouble()));
                        case "gamma" -> 0.5 + rnd.nextDouble();
                        case "beta" -> 0.2 * rnd.nextGaussian();
                        default -> throw new IllegalStateException("unexpected BatchNorm parameter " + key);
                    };
                    p.putScalar(i, v);
                }
            });
        }
        return net;
    }

    /** N x n standard normal inputs. */
    static INDArray inputs(long seed, int n, int nIn) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] x = new double[n][nIn];
        for (double[] row : x) {
            for (int j = 0; j < nIn; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return Nd4j.createFromArray(x);
    }

    /** N one-hot rows over {@code classes} classes. */
    static INDArray oneHot(long seed, int n, int classes) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] y = new double[n][classes];
        for (double[] row : y) {
            row[rnd.nextInt(classes)] = 1.0;
        }
        return Nd4j.createFromArray(y);
    }
}
