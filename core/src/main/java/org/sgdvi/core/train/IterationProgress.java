package org.sgdvi.core.train;

/** Called after every mini-batch step, e.g. to drive a progress bar. */
@FunctionalInterface
public interface IterationProgress {

    /**
     * @param epoch 1-based index of the epoch in progress
     * @param iterationInEpoch 1-based index of the step within the epoch
     * @param examplesInEpoch examples consumed so far in this epoch
     * @param minibatchLoss the training-mode loss of this mini-batch (weight-decay term included)
     */
    void onIteration(int epoch, int iterationInEpoch, long examplesInEpoch, double minibatchLoss);
}
