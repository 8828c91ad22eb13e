package org.sgdvi.core.diffusion;

import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small seeded DL4J networks and data in DOUBLE for the diffusion tests. */
public final class TinyNetworks {

    /** Inputs per example. */
    public static final int INPUTS = 4;
    /** Classes. */
    public static final int CLASSES = 3;

    private TinyNetworks() {
    }

    /** dense 4 -> 5 (tanh), softmax 5 -> 3: d = 43, no BatchNorm, no dropout. */
    public static MultiLayerNetwork plainMlp(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER)
                .updater(new Nesterovs(0.05, 0.9))
                .list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** dense 4 -> 6, BatchNorm, ReLU, dropout (retain 0.8), softmax 6 -> 3, in DOUBLE. */
    public static MultiLayerNetwork batchNormDropoutMlp(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER)
                .updater(new Nesterovs(0.05, 0.9))
                .list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(6).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(6).activation(Activation.RELU).dropOut(0.8).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** n examples: Gaussian features, one-hot labels from a fixed linear rule, in DOUBLE. */
    public static DataSet data(int n, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][INPUTS];
        double[][] y = new double[n][CLASSES];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < INPUTS; j++) {
                x[i][j] = rnd.nextGaussian();
                s += (j + 1) * x[i][j];
            }
            int c = s < -1 ? 0 : s < 1 ? 1 : 2;
            y[i][c] = 1;
        }
        INDArray features = Nd4j.createFromArray(x);
        INDArray labels = Nd4j.createFromArray(y);
        return new DataSet(features, labels);
    }
}
