package org.sgdvi.core.diffusion;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.core.gradients.PerExampleGradients;

/**
 * What a {@link DiffusionListener} hands over at a snapshot: a private copy of the network at that
 * point of training and the per-example gradients of the example set at those weights, as a
 * re-iterable chunk stream (the paper's Remark 13: snapshots at 20%, 40% and 100% of training).
 *
 * @param iteration the number of training iterations completed
 * @param epoch the epoch counter of the network
 * @param fractionOfTraining {@code iteration} over the configured total, or NaN when no total was given
 * @param network a copy of the trained network (changing it does not affect training)
 * @param engine the per-example gradient engine bound to {@code network}
 * @param gradients the example set's per-example gradients at these weights
 */
public record DiffusionSnapshot(long iteration, int epoch, double fractionOfTraining, MultiLayerNetwork network,
                                PerExampleGradients engine, GradientChunkSource gradients) {

    /** D over the example set (one pass), accumulated in {@code dtype} with {@code sampling}'s normalisation. */
    public DiffusionMatrix diffusionMatrix(DataType dtype, Sampling sampling) {
        return new DiffusionEstimator(dtype, sampling).estimate(gradients);
    }
}
