package org.sgdvi.core.gradients;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Maps each layer (and input pre-processor) of a {@link MultiLayerNetwork} to its inference-mode
 * rule. Supported: ConvolutionLayer, SubsamplingLayer (max, average), BatchNormalization,
 * DropoutLayer, DenseLayer, GlobalPoolingLayer (average, max, sum), ActivationLayer, and as the last
 * layer OutputLayer or LossLayer; pre-processors FeedForwardToCnn and CnnToFeedForward (NCHW).
 * Layer-level dropout is the identity in inference mode and is ignored. Anything else is refused
 * with an {@link UnsupportedOperationException} naming the layer's index, name and class.
 */
final class LayerRules {

    /** One step of the forward pass and the layer it belongs to. */
    record Step(int layerIndex, LayerRule rule) {
    }

    /** The whole network: the hidden steps in forward order, then the output step. */
    record Plan(List<Step> steps, int outputLayerIndex, OutputRule output) {
    }

    private LayerRules() {
    }

    static Plan plan(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        if (layers == null || layers.length == 0) {
            throw new IllegalArgumentException("network has no layers; call net.init() first");
        }
        List<Step> steps = new ArrayList<>();
        int last = layers.length - 1;
        for (int i = 0; i <= last; i++) {
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre != null) {
                steps.add(new Step(i, preprocessor(i, layers[i], pre)));
            }
            if (i < last) {
                steps.add(new Step(i, hidden(i, layers[i])));
            }
        }
        return new Plan(steps, last, output(last, layers[last]));
    }

    private static String describe(int index, Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        String name = conf.getLayerName() != null ? conf.getLayerName() : "layer" + index;
        return "layer " + index + " (name '" + name + "', class " + conf.getClass().getSimpleName() + ")";
    }

    private static UnsupportedOperationException unsupported(int index, Layer layer, String why) {
        return new UnsupportedOperationException(describe(index, layer)
                + " is not supported by the inference gradient engine: " + why);
    }

    private static LayerRule preprocessor(int index, Layer layer, InputPreProcessor pre) {
        if (pre instanceof FeedForwardToCnnPreProcessor p) {
            return new ReshapeRule(p.getNumChannels(), p.getInputHeight(), p.getInputWidth());
        }
        if (pre instanceof CnnToFeedForwardPreProcessor p) {
            if (p.getFormat() != CNN2DFormat.NCHW) {
                throw unsupported(index, layer, "input pre-processor " + pre + " has format " + p.getFormat()
                        + "; expected NCHW");
            }
            return new ReshapeRule(p.getNumChannels() * p.getInputHeight() * p.getInputWidth());
        }
        throw unsupported(index, layer, "input pre-processor " + pre.getClass().getSimpleName()
                + "; expected FeedForwardToCnnPreProcessor or CnnToFeedForwardPreProcessor");
    }

    private static LayerRule hidden(int index, Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        Class<?> c = conf.getClass();
        if (c == DenseLayer.class) {
            DenseLayer d = (DenseLayer) conf;
            if (d.hasLayerNorm()) {
                throw unsupported(index, layer, "layer normalization in a DenseLayer");
            }
            return new DenseRule(index, layer, d.hasBias(), d.getActivationFn());
        }
        if (c == ConvolutionLayer.class) {
            return new ConvolutionRule(index, layer, (ConvolutionLayer) conf);
        }
        if (c == SubsamplingLayer.class) {
            return new SubsamplingRule(index, (SubsamplingLayer) conf);
        }
        if (c == BatchNormalization.class) {
            return new BatchNormRule(index, layer, (BatchNormalization) conf);
        }
        if (c == DropoutLayer.class) {
            return new IdentityRule();
        }
        if (c == ActivationLayer.class) {
            return new ActivationRule(((ActivationLayer) conf).getActivationFn());
        }
        if (c == GlobalPoolingLayer.class) {
            return new GlobalPoolingRule(index, (GlobalPoolingLayer) conf);
        }
        if (c == OutputLayer.class || c == LossLayer.class) {
            throw unsupported(index, layer, "an output layer is only supported as the last layer");
        }
        throw unsupported(index, layer, "no rule for this layer type");
    }

    private static OutputRule output(int index, Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf.getClass() == OutputLayer.class) {
            OutputLayer o = (OutputLayer) conf;
            return new OutputLayerRule(index, layer, o.hasBias(), o.getActivationFn(), o.getLossFn());
        }
        if (conf.getClass() == LossLayer.class) {
            LossLayer l = (LossLayer) conf;
            return new LossLayerRule(l.getActivationFn(), l.getLossFn());
        }
        throw unsupported(index, layer, "the last layer must be an OutputLayer or a LossLayer");
    }
}
