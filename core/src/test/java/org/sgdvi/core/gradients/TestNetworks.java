package org.sgdvi.core.gradients;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Tiny seeded DL4J networks covering every layer type the engine supports (and one it refuses). */
final class TestNetworks {

    private TestNetworks() {
    }

    private static NeuralNetConfiguration.ListBuilder list(DataType type, long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(type).weightInit(WeightInit.XAVIER).list();
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Input 6: dense 5 (tanh, layer dropout), BatchNorm (running stats as var or log10 std), ReLU activation layer,
     * DropoutLayer, dense 4 (softplus, no bias), softmax output 3 with MCXENT.
     */
    static MultiLayerNetwork dense(DataType type, boolean logStd) {
        return init(list(type, 11)
                .layer(new DenseLayer.Builder().name("dense1").nOut(5).activation(Activation.TANH).dropOut(0.8).build())
                .layer(new BatchNormalization.Builder().name("bn").useLogStd(logStd).build())
                .layer(new ActivationLayer.Builder().name("relu").activation(Activation.RELU).build())
                .layer(new DropoutLayer.Builder(0.7).name("drop").build())
                .layer(new DenseLayer.Builder().name("dense2").nOut(4).hasBias(false).activation(Activation.SOFTPLUS).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).name("out").nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(6)).build());
    }

    /**
     * Flat 12x12x2 input (FeedForwardToCnn pre-processor): conv 3x3 -> 3 (ReLU, Truncate), BatchNorm, max-pool 3x3
     * stride 3, dropout, conv 3x3 -> 4 (tanh, Same, stride 2), average pool 2x2 stride 1 padding 1, dense 5 (ReLU)
     * after CnnToFeedForward, softmax output 3.
     */
    static MultiLayerNetwork conv(DataType type) {
        return init(list(type, 12)
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(3).activation(Activation.RELU)
                        .convolutionMode(ConvolutionMode.Truncate).build())
                .layer(new BatchNormalization.Builder().name("bn1").build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).name("max3").kernelSize(3, 3).stride(3, 3).build())
                .layer(new DropoutLayer.Builder(0.9).name("drop").build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv2").nOut(4).stride(2, 2).activation(Activation.TANH)
                        .convolutionMode(ConvolutionMode.Same).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).name("avg").kernelSize(2, 2).stride(1, 1)
                        .padding(1, 1).build())
                .layer(new DenseLayer.Builder().name("dense").nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).name("out").nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(12, 12, 2)).build());
    }

    /**
     * NCHW 6x6x2 input: conv 3x3 -> 3 (identity, Same, dilation 2), BatchNorm, ReLU activation layer, conv 1x1 -> 3
     * with padding 1 (Truncate, identity), BatchNorm, global pooling of the given type, softmax LossLayer (MCXENT).
     */
    static MultiLayerNetwork globalPooling(DataType type, PoolingType pooling) {
        return init(list(type, 13)
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(3).dilation(2, 2)
                        .activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Same).build())
                .layer(new BatchNormalization.Builder().name("bn1").build())
                .layer(new ActivationLayer.Builder().name("relu").activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(1, 1).name("conv2").nOut(3).padding(1, 1)
                        .activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Truncate).build())
                .layer(new BatchNormalization.Builder().name("bn2").build())
                .layer(new GlobalPoolingLayer.Builder(pooling).name("pool").build())
                .layer(new LossLayer.Builder(LossFunction.MCXENT).name("loss").activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 2)).build());
    }

    /** Without BatchNorm and dropout (training and inference agree): conv, max-pool, dense, softmax output. */
    static MultiLayerNetwork plain(DataType type) {
        return init(list(type, 14)
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(3).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).name("max").kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("dense").nOut(6).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).name("out").nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)).build());
    }

    /**
     * A zoo network at the given width, DOUBLE, seed 5; {@code smooth} swaps its ReLU activation layers for tanh (for
     * finite differences on nets whose kinks are crossed by almost every perturbation).
     */
    static MultiLayerNetwork zoo(String name, double width, boolean smooth) {
        MultiLayerConfiguration conf = org.sgdvi.core.models.ModelZoo.configuration(name, org.sgdvi.core.models.ModelOptions
                .builder().widthScale(width).seed(5).dataType(DataType.DOUBLE).build());
        if (smooth) {
            for (NeuralNetConfiguration layer : conf.getConfs()) {
                if (layer.getLayer() instanceof ActivationLayer a) {
                    a.setActivationFn(new org.nd4j.linalg.activations.impl.ActivationTanH());
                }
            }
        }
        return init(conf);
    }

    /** A network with a layer the engine has no rule for: local response normalization named "lrn" at index 1. */
    static MultiLayerNetwork unsupported(DataType type) {
        return init(list(type, 15)
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(2).build())
                .layer(new LocalResponseNormalization.Builder().name("lrn").build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).name("out").nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(5, 5, 1)).build());
    }
}
