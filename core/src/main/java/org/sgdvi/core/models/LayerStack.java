package org.sgdvi.core.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Appends named layers to a DL4J list configuration; one method per building block of the
 * paper's networks. Names are {@code <kind><n>} (conv1, bn1, relu1, pool1, drop1, fc1, out, ...).
 */
final class LayerStack {

    private final NeuralNetConfiguration.ListBuilder list;
    private final boolean dropout;
    private int index;
    private int conv;
    private int dense;
    private int bn;
    private int relu;
    private int pool;
    private int drop;

    LayerStack(NeuralNetConfiguration.Builder global, boolean dropout) {
        this.list = global.list();
        this.dropout = dropout;
    }

    private LayerStack add(org.deeplearning4j.nn.conf.layers.Layer layer) {
        list.layer(index++, layer);
        return this;
    }

    /** k x k convolution with bias, identity activation, symmetric zero padding {@code pad}. */
    LayerStack conv(int kernel, int stride, int pad, int nOut) {
        return conv(kernel, stride, pad, nOut, Activation.IDENTITY);
    }

    LayerStack conv(int kernel, int stride, int pad, int nOut, Activation activation) {
        return add(new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(pad, pad)
                .nOut(nOut).activation(activation).weightInit(WeightInit.RELU).hasBias(true)
                .name("conv" + ++conv).build());
    }

    /** Fully connected layer with bias. */
    LayerStack dense(int nOut) {
        return dense(nOut, Activation.IDENTITY);
    }

    LayerStack dense(int nOut, Activation activation) {
        return add(new DenseLayer.Builder().nOut(nOut).activation(activation).weightInit(WeightInit.RELU)
                .hasBias(true).name("fc" + ++dense).build());
    }

    /** BatchNorm (gamma, beta trainable; running mean and variance not). */
    LayerStack batchNorm() {
        return add(new BatchNormalization.Builder().activation(Activation.IDENTITY).name("bn" + ++bn).build());
    }

    LayerStack relu() {
        return add(new ActivationLayer.Builder().activation(Activation.RELU).name("relu" + ++relu).build());
    }

    /** conv, BN, ReLU. */
    LayerStack convBnRelu(int kernel, int stride, int pad, int nOut) {
        return conv(kernel, stride, pad, nOut).batchNorm().relu();
    }

    LayerStack maxPool(int kernel, int stride) {
        return add(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(kernel, kernel).stride(stride, stride)
                .name("pool" + ++pool).build());
    }

    /** Dropout with DROP probability p (DL4J takes the retain probability 1 - p); absent when dropout is off. */
    LayerStack dropout(double dropProbability) {
        if (!dropout) {
            return this;
        }
        return add(new DropoutLayer.Builder(1.0 - dropProbability).name("drop" + ++drop).build());
    }

    LayerStack globalAveragePool() {
        return add(new GlobalPoolingLayer.Builder(PoolingType.AVG).name("gap").build());
    }

    /** Dense layer to {@code classes} logits, softmax and cross-entropy. */
    LayerStack softmaxOutput(int classes) {
        return add(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).hasBias(true).name("out").build());
    }

    /** Softmax and cross-entropy on the previous layer's output, no weights. */
    LayerStack softmaxLoss() {
        return add(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .name("loss").build());
    }

    /**
     * Reshapes the flat input rows to [C, H, W] images before layer 0 (instead of before the first
     * convolution). Needed when layer 0 is a dropout layer: DL4J's inference pass rejects a
     * reshape placed after a layer that returns its (detached) input unchanged.
     */
    LayerStack imageInput(int channels, int height, int width) {
        list.inputPreProcessor(0, new FeedForwardToCnnPreProcessor(height, width, channels));
        return this;
    }

    MultiLayerConfiguration build(InputType input) {
        return list.setInputType(input).build();
    }
}
