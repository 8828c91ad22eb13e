package org.sgdvi.core.gradients;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.models.TrainableLayout;

/**
 * Exact per-example gradients g_k = grad f_k(x) of the loss with respect to the trainable weights
 * (eq. (2) of the paper), with the network in inference mode (BatchNorm running statistics, no dropout).
 *
 * <p>Row k of {@link #compute} is g_k for example k, columns in {@link TrainableLayout} order.
 * The mean of the rows over the whole training set is the full gradient grad f(x); the diffusion
 * matrix is built from these rows.
 */
public interface PerExampleGradients {

    /** d, the number of trainable weights (the number of columns). */
    default long dimension() {
        return layout().trainableCount();
    }

    /** The column order. */
    TrainableLayout layout();

    /**
     * The M x d matrix of per-example gradients for M examples.
     *
     * @param features the inputs, [M, ...] as the network takes them
     * @param labels the one-hot labels, [M, classes]
     * @return [M, d] in the engine's data type
     */
    INDArray compute(INDArray features, INDArray labels);

    /** How {@link #computeFactored} stores the columns; by default all as they are. */
    default FactoredLayout factoredLayout() {
        return FactoredLayout.none(dimension());
    }

    /**
     * The same M per-example gradients in {@link #factoredLayout()}: rank-one blocks kept as their
     * two factors (see {@link FactoredGradients}); by default {@link #compute}'s rows as they are.
     */
    default FactoredGradients computeFactored(INDArray features, INDArray labels) {
        return FactoredGradients.explicitOnly(compute(features, labels));
    }
}
