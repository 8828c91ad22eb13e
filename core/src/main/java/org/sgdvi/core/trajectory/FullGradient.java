package org.sgdvi.core.trajectory;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The full gradient grad f(x) = (1/N) sum_k grad f_k(x) of the training loss over a fixed
 * training set at the network's current weights, in INFERENCE mode (BatchNorm running statistics,
 * no dropout), as the trajectory experiment records it (the paper's Fig. 3c; the full gradient of its eq. (2)).
 */
public interface FullGradient {

    /**
     * @param net the network (not modified)
     * @param gradient receives grad f(x), length d, in {@link org.sgdvi.core.models.TrainableLayout} order
     * @return f(x), the mean loss over the training set
     */
    double compute(MultiLayerNetwork net, double[] gradient);

    /** N, the number of training examples. */
    int examples();
}
