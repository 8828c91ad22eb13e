package org.sgdvi.core.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * The networks of the paper's experiments, plus the full-size LeNet and All-CNN-C they are scaled from.
 *
 * <p>Trainable weights d (BatchNorm gamma/beta included, running statistics not):
 * small-lenet 13,338; small-fc 3,978; tiny-fc 917; small-allcnn 26,982 (10 classes) and 29,412
 * (100 classes); lenet 431,080; allcnn-c 1,667,166 (10 classes).
 *
 * <p>Conventions: inputs are flat rows [b, C*H*W] in C, H, W order (convolutional nets reshape them
 * with {@code InputType.convolutionalFlat(H, W, C)}); the loss is softmax cross-entropy; every
 * convolution and dense layer has a bias; BatchNorm sits between a convolution/dense layer and its
 * ReLU (conv, BN, ReLU: the paper's table; the authors' code uses conv, ReLU, BN, with the same
 * count); dropout p means DL4J {@code DropoutLayer(1 - p)} (DL4J takes the retain probability).
 * The 3x3 convolutions of the All-CNN nets use symmetric zero padding 1 (the paper's "same padding
 * (1)", as PyTorch's {@code padding=1}): stride 1 keeps the size, stride 2 halves it (32 -&gt; 16 -&gt; 8),
 * and the windows start at -1 exactly as in the authors' code (DL4J's {@code ConvolutionMode.Same}
 * would pad only bottom/right at stride 2).
 */
public final class ModelZoo {

    private static final Map<String, ModelSpec> SPECS = new LinkedHashMap<>();

    static {
        put(new ModelSpec("small-lenet", 1, 28, 28, 10, true,
                "MNIST 28x28: conv5x5 1->8, BN, ReLU, maxpool 3/3, dropout 0.1; conv5x5 8->16, BN, ReLU,"
                        + " maxpool 2/2, dropout 0.1; dense 64->128, BN, ReLU, dropout 0.1; dense 128->10; 13,338 weights"));
        put(new ModelSpec("small-fc", 1, 7, 7, 10, false,
                "MNIST 7x7: dense 49->64, BN, ReLU; dense 64->10; 3,978 weights"));
        put(new ModelSpec("tiny-fc", 1, 7, 7, 5, false,
                "MNIST 7x7 digits 0-4: dense 49->16, BN, ReLU; dense 16->5; 917 weights"));
        put(new ModelSpec("small-allcnn", 3, 32, 32, 10, true,
                "CIFAR 32x32x3: dropout 0.2 on input; 3 x [conv3x3 12, BN, ReLU] (third stride 2);"
                        + " 3 x [conv3x3 24, BN, ReLU] (third stride 2); 2 x [conv3x3 24, BN, ReLU];"
                        + " conv1x1 24->classes, BN, ReLU; global average pool 8x8; softmax;"
                        + " 26,982 weights (10 classes), 29,412 (100 classes)"));
        put(new ModelSpec("lenet", 1, 28, 28, 10, true,
                "MNIST 28x28, full-size LeNet: conv5x5 1->20, ReLU, maxpool 2/2; conv5x5 20->50, ReLU,"
                        + " maxpool 2/2; dense 800->500, ReLU; dense 500->10; no BN, no dropout; 431,080 weights"));
        put(new ModelSpec("allcnn-c", 3, 32, 32, 10, true,
                "CIFAR 32x32x3, All-CNN-C (Springenberg et al. 2015) with BN as small-allcnn: dropout 0.2 on input;"
                        + " 3 x [conv3x3 96, BN, ReLU] (third stride 2), dropout 0.5; 3 x [conv3x3 192, BN, ReLU]"
                        + " (third stride 2), dropout 0.5; 2 x [conv3x3 192, BN, ReLU]; conv1x1 192->classes, BN, ReLU;"
                        + " global average pool 8x8; softmax; 1,667,166 weights (10 classes)"));
    }

    private ModelZoo() {
    }

    private static void put(ModelSpec s) {
        SPECS.put(s.name(), s);
    }

    /** The zoo's names, in a fixed order. */
    public static List<String> names() {
        return List.copyOf(SPECS.keySet());
    }

    /** The input shape, default classes and description of a network. */
    public static ModelSpec spec(String name) {
        ModelSpec s = SPECS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown model '" + name + "', expected one of " + names());
        }
        return s;
    }

    /** The DL4J configuration of a network (updater and weight decay from the options). */
    public static MultiLayerConfiguration configuration(String name, ModelOptions options) {
        ModelSpec spec = spec(name);
        int classes = options.numClasses() == 0 ? spec.defaultClasses() : options.numClasses();
        NeuralNetConfiguration.Builder global = new NeuralNetConfiguration.Builder()
                .seed(options.seed())
                .dataType(options.dataType())
                .weightInit(WeightInit.RELU)
                .activation(Activation.IDENTITY)
                .convolutionMode(ConvolutionMode.Truncate);
        options.optimizer().applyTo(global);
        LayerStack s = new LayerStack(global, options.dropout());
        InputType input = spec.convolutional()
                ? InputType.convolutionalFlat(spec.height(), spec.width(), spec.channels())
                : InputType.feedForward(spec.inputSize());
        switch (name) {
            case "small-lenet" -> smallLenet(s, options, classes);
            case "small-fc" -> fullyConnected(s, options.scaled(64), classes);
            case "tiny-fc" -> fullyConnected(s, options.scaled(16), classes);
            case "small-allcnn" -> allCnn(s.imageInput(3, 32, 32), options.scaled(12), options.scaled(24), classes, false);
            case "lenet" -> lenet(s, options, classes);
            case "allcnn-c" -> allCnn(s.imageInput(3, 32, 32), options.scaled(96), options.scaled(192), classes, true);
            default -> throw new IllegalStateException("no builder for model " + name);
        }
        return s.build(input);
    }

    /** An initialized network. */
    public static MultiLayerNetwork build(String name, ModelOptions options) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(name, options));
        net.init();
        return net;
    }

    private static void smallLenet(LayerStack s, ModelOptions o, int classes) {
        s.convBnRelu(5, 1, 0, o.scaled(8)).maxPool(3, 3).dropout(0.1)
                .convBnRelu(5, 1, 0, o.scaled(16)).maxPool(2, 2).dropout(0.1)
                .dense(o.scaled(128)).batchNorm().relu().dropout(0.1)
                .softmaxOutput(classes);
    }

    private static void fullyConnected(LayerStack s, int hidden, int classes) {
        s.dense(hidden).batchNorm().relu().softmaxOutput(classes);
    }

    private static void lenet(LayerStack s, ModelOptions o, int classes) {
        s.conv(5, 1, 0, o.scaled(20), Activation.RELU).maxPool(2, 2)
                .conv(5, 1, 0, o.scaled(50), Activation.RELU).maxPool(2, 2)
                .dense(o.scaled(500), Activation.RELU)
                .softmaxOutput(classes);
    }

    /**
     * All-CNN: input dropout 0.2; 3 x conv3x3 c1 (third stride 2); 3 x conv3x3 c2 (third stride 2);
     * 2 x conv3x3 c2; conv1x1 c2 -&gt; classes; each conv followed by BN and ReLU; global average
     * pooling; softmax loss without weights. {@code blockDropout}: dropout 0.5 after each stride-2
     * block (Springenberg et al.; not in the paper's small-allcnn).
     */
    private static void allCnn(LayerStack s, int c1, int c2, int classes, boolean blockDropout) {
        s.dropout(0.2);
        s.convBnRelu(3, 1, 1, c1).convBnRelu(3, 1, 1, c1).convBnRelu(3, 2, 1, c1);
        if (blockDropout) {
            s.dropout(0.5);
        }
        s.convBnRelu(3, 1, 1, c2).convBnRelu(3, 1, 1, c2).convBnRelu(3, 2, 1, c2);
        if (blockDropout) {
            s.dropout(0.5);
        }
        s.convBnRelu(3, 1, 1, c2).convBnRelu(3, 1, 1, c2);
        s.convBnRelu(1, 1, 0, classes);
        s.globalAveragePool().softmaxLoss();
    }
}
